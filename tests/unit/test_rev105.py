"""Review 105a: a re-import's count of unchanged leads sees the deals the import brings in with their lead."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import import_files

LEADS = "lead_id,created_at,source,region\n"
DEALS = "deal_id,lead_id,created_at,status,closed_at,amount,source\n"


@pytest.mark.parametrize("mode", ["replace", "append"])
def test_a_deal_kept_aside_decides_the_spelling_the_comparison_uses(empty_con, tmp_path, mode):
    # x1 stored 'Web'. D9 names x9, not stored: it is kept aside with 'Web'. The file brings x1 and x9, both 'web'.
    # The import moves D9 in first, so the deals spell the source 'Web' and the leads are stored 'Web': x1 ends as
    # it was (1 unchanged), x9 is new. Without D9 the file's 'web' (2 rows) would win over the stored 'Web' (1 row).
    (tmp_path / "l.csv").write_text(LEADS + "x1,2026-10-01,Web,EMEA\n")
    (tmp_path / "d.csv").write_text(
        DEALS + "D1,x1,2026-10-05,won,2026-10-20,100,Other\nD9,x9,2026-10-05,won,2026-10-20,100,Web\n"
    )
    (tmp_path / "a.csv").write_text(LEADS + "x1,2026-10-01,web,EMEA\nx9,2026-10-01,web,EMEA\n")
    import_files(empty_con, "leads", [str(tmp_path / "l.csv")])
    import_files(empty_con, "deals", [str(tmp_path / "d.csv")])
    assert empty_con.execute("select deal_id, source from deals_awaiting_lead").fetchall() == [("D9", "Web")]
    checked = import_files(empty_con, "leads", [str(tmp_path / "a.csv")], dry_run=True, mode=mode)
    assert (checked.rows_updated, checked.rows_unchanged) == (1, 1)
    done = import_files(empty_con, "leads", [str(tmp_path / "a.csv")], mode=mode)
    assert (done.rows_updated, done.rows_unchanged) == (1, 1)
    stored = empty_con.execute("select lead_id, source from leads order by 1").fetchall()
    assert stored == [("x1", "Web"), ("x9", "Web")]
