"""A keep line of several conditions (all must hold): an Odoo crm.lead export of two currencies imports its EUR
opportunities alone (trial 106). The old one-condition form keeps working. Counted by hand."""

from __future__ import annotations

import pytest

from dashboard import metrics
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import load_mapping
from dashboard.importers.toml_writer import to_toml

# o1 won EUR 1000, o2 open EUR 500, o3 won USD 700, l4 a lead EUR 300, l5 a lead USD 50
ODOO = (
    '"ID","Type","Stage","Currency","Expected Revenue","Created on","Closed Date"\n'
    '"o1","Opportunity","Won","EUR","1000.0","2026-10-01 09:00:00","2026-10-20 10:00:00"\n'
    '"o2","Opportunity","Qualified","EUR","500.0","2026-10-02 09:00:00",""\n'
    '"o3","Opportunity","Won","USD","700.0","2026-10-03 09:00:00","2026-10-25 10:00:00"\n'
    '"l4","Lead","New","EUR","300.0","2026-10-04 09:00:00",""\n'
    '"l5","Lead","New","USD","50.0","2026-10-05 09:00:00",""\n'
)
MAPPING = (
    "[deals]\n{keep}\n"
    '[deals.columns]\ndeal_id = "ID"\ncreated_at = "Created on"\nclosed_at = "Closed Date"\n'
    'amount = "Expected Revenue"\nstatus = "Stage"\nstage = "Stage"\n'
    '[deals.one_currency]\ncode = ["Currency"]\n'
    '[deals.values.status]\n"won" = "won"\n"*" = "open"\n'
)
BOTH = 'keep = [{ column = "Type", values = ["Opportunity"] }, { column = "Currency", values = ["EUR"] }]'


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(con, tmp_path, keep, text=ODOO):
    mapping = load_mapping(_write(tmp_path, "odoo.toml", MAPPING.format(keep=keep)))["deals"]
    return import_files(con, "deals", [_write(tmp_path, "crm.lead.csv", text)], mapping=mapping)


def test_two_conditions_keep_the_eur_opportunities_alone(empty_con, tmp_path):
    report = _import(empty_con, tmp_path, BOTH)
    # kept o1 (won 1000) and o2 (open); l4, l5 are leads, o3 is in USD
    summary = metrics.deal_summary(empty_con, Filters())
    assert (summary.open, summary.won, summary.lost, summary.revenue) == (1, 1, 0, 1000.0)
    assert report.rows_skipped == 3
    # each condition's rows: by Type l4 + l5 (300 + 50), by Currency o3 (700); l5 fails both, counted by Type
    [note] = [n for n in report.notes if "the mapping's keep" in n]
    assert note == (
        "crm.lead.csv: kept only the rows whose 'Type' is 'Opportunity' and whose 'Currency' is 'EUR' (the mapping's "
        "keep); left out 3 rows, by 'Type' 2 rows (amount 350): 'Lead' 2; by 'Currency' 1 row (amount 700): 'USD' 1 "
        "(a row is counted under the first condition it fails)"
    )


def test_the_order_of_the_conditions_says_which_one_a_row_failing_both_is_counted_by(empty_con, tmp_path):
    keep = 'keep = [{ column = "Currency", values = ["EUR"] }, { column = "Type", values = ["Opportunity"] }]'
    report = _import(empty_con, tmp_path, keep)
    # by Currency o3 + l5 (700 + 50), by Type l4 (300)
    [note] = [n for n in report.notes if "the mapping's keep" in n]
    assert "left out 3 rows, by 'Currency' 2 rows (amount 750): 'USD' 2; by 'Type' 1 row (amount 300): 'Lead' 1" in note


def test_one_condition_in_a_list_or_alone_reads_as_before(empty_con, tmp_path):
    report = _import(empty_con, tmp_path, 'keep = [{ column = "Currency", values = ["EUR"] }]')
    # o1 won 1000, o2 and l4 open; o3, l5 left out (700 + 50)
    summary = metrics.deal_summary(empty_con, Filters())
    assert (summary.open, summary.won, summary.revenue) == (2, 1, 1000.0)
    [note] = [n for n in report.notes if "the mapping's keep" in n]
    assert note == (
        "crm.lead.csv: kept only the rows whose 'Currency' is 'EUR' (the mapping's keep); left out 2 rows "
        "(amount 750): 'USD' 2"
    )


def test_conditions_that_together_keep_no_row_refuse_the_import(empty_con, tmp_path):
    # a Lead is never Won: each condition keeps some rows, the two none
    keep = 'keep = [{ column = "Type", values = ["Lead"] }, { column = "Stage", values = ["Won"] }]'
    with pytest.raises(ImportRefused, match="leaves out every row: no row holds 'Type' is 'Lead' and whose 'Stage'"):
        _import(empty_con, tmp_path, keep)


def test_a_condition_naming_a_missing_column_or_a_column_twice_is_refused(empty_con, tmp_path):
    missing = 'keep = [{ column = "Type", values = ["Opportunity"] }, { column = "Devise", values = ["EUR"] }]'
    with pytest.raises(ImportRefused, match="keep names column 'Devise', which the file does not have"):
        _import(empty_con, tmp_path, missing)
    twice = 'keep = [{ column = "Type", values = ["Opportunity"] }, { column = "Type", values = ["Lead"] }]'
    with pytest.raises(ImportRefused, match="keep names column 'Type' twice"):
        _import(empty_con, tmp_path, twice)
    with pytest.raises(ImportRefused, match="keep lists no condition"):
        _import(empty_con, tmp_path, "keep = []")


def test_the_toml_writer_round_trips_both_forms(tmp_path):
    one = 'keep = { column = "Type", values = ["Opportunity"] }'
    for keep, written in ((BOTH, BOTH), (one, one), ('keep = [{ column = "Type", values = ["Opportunity"] }]', one)):
        mapping = load_mapping(_write(tmp_path, "a.toml", MAPPING.format(keep=keep)))["deals"]
        text = to_toml({"deals": mapping})
        assert written in text.splitlines()
        again = load_mapping(_write(tmp_path, "b.toml", text))["deals"]
        assert again.keep == mapping.keep


def test_the_currency_refusal_adds_its_condition_to_the_keep_line_the_mapping_has(empty_con, tmp_path):
    # the mapping keeps the opportunities, which are in EUR (2) and USD (1): the advice keeps both conditions
    keep = 'keep = { column = "Type", values = ["Opportunity"] }'
    text = MAPPING.format(keep=keep).replace('[deals.one_currency]\ncode = ["Currency"]\n', "")
    mapping = load_mapping(_write(tmp_path, "odoo.toml", text))["deals"]
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [_write(tmp_path, "crm.lead.csv", ODOO)], mapping=mapping)
    assert f"with {BOTH} under [deals]" in str(refused.value)
