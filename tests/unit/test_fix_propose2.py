"""A twentieth trial's weak proposals (Maven Analytics' CRM data set, NetSuite, Keap, Nutshell, lead forms, ad
platforms, Greek, Turkish, Hebrew, Arabic, Traditional Chinese and Korean headers), written small and counted by
hand."""

from __future__ import annotations

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import proposal_for, stage_file
from dashboard.importers.toml_writer import to_toml


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def proposed(tmp_path, kind, path):
    """The mapping `map` proposes for a file, written as a mapping file and read back."""
    p = proposal_for(kind, stage_file(path), {})
    toml = tmp_path / f"{path.stem}.toml"
    toml.write_text(to_toml({kind: p.mapping}, {kind: p.reasons}), encoding="utf-8")
    return p, load_mapping(toml)[kind]


def by_status(con):
    """Deals and revenue per status, as stored."""
    rows = con.execute("select status, count(*), coalesce(sum(amount), 0) from deals group by 1 order by 1").fetchall()
    return {s: (n, amount) for s, n, amount in rows}


# Maven Analytics' public "CRM sales opportunities" data set, its columns as published, six of its rows
MAVEN = (
    "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n"
    "1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054\n"
    "Z063OYW0,Darcel Schlecht,GTXPro,Isdom,Won,2016-10-25,2017-03-11,4514\n"
    "NL3JZH1Z,Maureen Marcano,GTX Plus Pro,Rangreen,Lost,2016-11-04,2017-03-01,0\n"
    "HAXMC4IX,James Ascencio,MG Advanced,,Engaging,2016-11-03,,\n"
    "J1FZX0H7,Violet Mclelland,GTX Plus Pro,Sonron,Engaging,2016-11-04,,\n"
    "OLBETWNQ,Anna Snelling,GTX Basic,Konex,Prospecting,,,\n"
)


def test_maven_crm_data_set_is_proposed_whole_and_imports_its_revenue(empty_con, tmp_path):
    # by hand: won 2 (1054 + 4514 = 5568), lost 1 (0), open 2 (the Engaging ones); the Prospecting deal has no
    # engage_date and is skipped (a required created date), so 5 deals stored
    path = write(tmp_path, "maven_sales_pipeline.csv", MAVEN)
    p, mapping = proposed(tmp_path, "deals", path)
    cols = p.mapping.columns
    assert cols["amount"] == ("close_value",)
    assert cols["created_at"] == ("engage_date",)
    assert cols["owner"] == ("sales_agent",)
    assert cols["account_id"] == ("account",)
    assert cols["deal_id"] == ("opportunity_id",)
    assert cols["closed_at"] == ("close_date",)
    assert p.mapping.values["status"] == {
        "won": "won",
        "lost": "lost",
        "engaging": "open",
        "prospecting": "open",
        "*": "open",
    }
    assert p.missing == ()
    import_files(empty_con, "deals", [path], mapping=mapping)
    assert by_status(empty_con) == {"won": (2, 5568.0), "lost": (1, 0.0), "open": (2, 0)}
    owners = empty_con.execute("select owner from deals where deal_id = 'Z063OYW0'").fetchone()
    assert owners == ("Darcel Schlecht",)
