"""Review of trial 107: the won/lost date pair (Close's date_won / date_lost) proposed in place of a close date that a
preset or a saved mapping reads. Every expected figure counted by hand from the rows below."""

from __future__ import annotations

from datetime import date

from dashboard import metrics
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import TableMapping, load_mapping
from dashboard.importers.propose import proposal_for, propose, stage_file
from dashboard.importers.toml_writer import to_toml

MARCH = Filters(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31), mode="activity")

# a HubSpot deals export with two custom properties added late, filled on the newest deals only
HUBSPOT_DEALS = (
    "Record ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Date Won,Date Lost\n"
    "D1,One,Closed Won,1000,2026-01-10,2026-03-05,,\n"
    "D2,Two,Closed Won,2000,2026-01-20,2026-03-12,2026-03-12,\n"
    "D3,Three,Closed Lost,500,2026-02-01,2026-03-20,,\n"
    "D4,Four,Closed Lost,700,2026-01-15,2026-02-10,,2026-02-10\n"
)


def test_a_preset_s_close_date_is_kept_beside_won_and_lost_date_columns(empty_con, tmp_path):
    path = tmp_path / "hubspot_deals.csv"
    path.write_text(HUBSPOT_DEALS, encoding="utf-8")
    p = proposal_for("deals", stage_file(path), {})
    assert p.origin == "hubspot"
    # the preset reads "Close Date"; before this review the pair replaced it: closed_at = ["Date Won", "Date Lost"]
    assert p.mapping.columns["closed_at"] == ("Close Date",)
    toml = tmp_path / "hubspot_deals.toml"
    toml.write_text(to_toml({"deals": p.mapping}, {"deals": p.reasons}), encoding="utf-8")
    import_files(empty_con, "deals", [path], mapping=load_mapping(toml)["deals"])
    # March by close: won D1 (Mar 5) 1,000 and D2 (Mar 12) 2,000, lost D3 (Mar 20): 2 won, 1 lost, 3,000. Read from
    # the pair, D1 and D3 had no close date (their Date Won / Date Lost are blank): 1 won, 0 lost, 2,000
    march = metrics.deal_summary(empty_con, MARCH)
    assert (march.won, march.lost, march.revenue) == (2, 1, 3000.0)


def test_a_saved_close_date_is_kept_beside_date_won_and_date_lost():
    saved = TableMapping(
        kind="deals",
        source="mine.toml",
        columns={"deal_id": ("id",), "status": ("status",), "created_at": ("date_created",), "closed_at": ("closed",)},
    )
    header = ["id", "status", "date_created", "closed", "date_won", "date_lost"]
    p = propose("deals", header, saved={"mine.toml": {"deals": saved}})
    assert p.origin == "saved:mine.toml"
    # the user's own closed_at stays; before this review it became ["date_won", "date_lost"]
    assert p.mapping.columns["closed_at"] == ("closed",)
