"""A grouped report saved as CSV without its subtotal lines writes each group's stage on its first row only: the
rows under it were read as blank (open) in silence. The import now says so; an ordinary file says nothing."""

from __future__ import annotations

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping

TOML = '[deals.columns]\ndeal_id = "Deal ID"\nstatus = "Stage"\ncreated_at = "Created"\namount = "Amount"\n'


def imported(empty_con, tmp_path, text):
    (tmp_path / "d.csv").write_text(text, encoding="utf-8")
    (tmp_path / "m.toml").write_text(TOML + '[deals.values.status]\n"" = "open"\n', encoding="utf-8")
    mapping = load_mapping(tmp_path / "m.toml")["deals"]
    return import_files(empty_con, "deals", [tmp_path / "d.csv"], mapping=mapping)


def test_a_grouped_report_without_subtotals_is_said(empty_con, tmp_path):
    # Closed Won over D1-D3, Closed Lost over D4-D5, Qualification D6: 3 labels once each, 3 blank rows under them
    text = (
        "Stage,Deal ID,Created,Amount\nClosed Won,D1,2024-03-01,1000\n,D2,2024-03-02,2000\n,D3,2024-03-03,3000\n"
        "Closed Lost,D4,2024-03-04,400\n,D5,2024-03-05,500\nQualification,D6,2024-03-06,600\n"
    )
    report = imported(empty_con, tmp_path, text)
    said = [a for a in report.alerts if "writes each of its 3 values once" in a]
    assert len(said) == 1 and "leaves 3 rows under them blank" in said[0]


def test_an_ordinary_file_with_a_few_blank_stages_says_nothing_of_groups(empty_con, tmp_path):
    # Won twice, Open twice, two blanks: labels repeat, so no group
    text = (
        "Stage,Deal ID,Created,Amount\nWon,D1,2024-03-01,1000\n,D2,2024-03-02,2000\nOpen,D3,2024-03-03,3000\n"
        "Won,D4,2024-03-04,400\n,D5,2024-03-05,500\nOpen,D6,2024-03-06,600\n"
    )
    report = imported(empty_con, tmp_path, text)
    assert not [a for a in report.alerts if "grouped report" in a]
