"""A deals file's lead attributes take the values its deals store: a Salesforce-like "Lead Source" the deals map
("Web" → web, "Advertisement" → paid_search) gave the leads the cells as written, counted by hand below."""

from __future__ import annotations

from dashboard import config
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping

LEADS = "lead_id,created_at,source\nL1,2026-01-05,\nL2,2026-01-06,\nL3,2026-01-07,web\nL4,2026-01-08,\n"
DEALS_MAP = """[deals.columns]
deal_id = "Id"
lead_id = "Lead"
created_at = "Created"
status = "Stage"
amount = "Amount"
source = "Lead Source"

[deals.values.source]
"Web" = "web"
"Advertisement" = "paid_search"
"""
DEALS = (
    "Id,Lead,Created,Stage,Amount,Lead Source,Origin\n"
    "D1,L1,2026-02-01,won,1000,Web,Advertisement\n"
    "D2,L2,2026-02-02,won,2000,Advertisement,Web\n"
    "D3,L4,2026-02-03,open,500,-None-,Trade Show\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def sources(con):
    return dict(con.execute("select lead_id, source from leads").fetchall())


def test_a_lead_takes_its_deals_stored_source_not_the_cell(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    text = DEALS_MAP + '\n[deals.lead_attributes]\nsource = "Lead Source"\n'
    m = load_mapping(write(tmp_path, "m.toml", text))["deals"]
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)], mapping=m)
    # D1's Web is stored web, D2's Advertisement paid_search: their leads take those (before: 'Web' and
    # 'Advertisement', two sources of their own beside L3's web); D3's -None- is no value: L4 keeps unknown
    assert sources(empty_con) == {"L1": "web", "L2": "paid_search", "L3": "web", "L4": config.UNKNOWN_SOURCE}
    # the Sources page's grouping: web holds L1 and L3, one row
    per = dict(empty_con.execute("select source, count(*) from leads group by source").fetchall())
    assert per == {"web": 2, "paid_search": 1, config.UNKNOWN_SOURCE: 1}


def test_another_column_goes_through_the_deals_value_map(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    # the lead's source from "Origin", which the deals do not store: the deals' map of source still names its values
    text = DEALS_MAP + '\n[deals.lead_attributes]\nsource = "Origin"\n'
    m = load_mapping(write(tmp_path, "m.toml", text))["deals"]
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)], mapping=m)
    # D1 Advertisement → paid_search, D2 Web → web; D3's Trade Show is not in the map and stays as written
    assert sources(empty_con) == {"L1": "paid_search", "L2": "web", "L3": "web", "L4": "Trade Show"}
