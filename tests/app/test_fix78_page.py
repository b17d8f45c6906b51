"""The Data page's Amount format choice (trial 74): a choice the import refuses the column for is said beside the
choice, naming the column and the choice that reads it."""

from __future__ import annotations

from dashboard.mapping_ui import _token

# a deals export no preset knows, amounts written US-style. Hand-read: 1,250.50 and 12,000.00 have ',' before three
# digits and '.' before two, so they read as 1250.5 and 12000; 980.50 is plain text that '1.234,56' cannot read
DEALS = (
    b"Deal ID,Create Date,Value,Status\n"
    b'd1,2026-01-05,"1,250.50",open\n'
    b"d2,2026-01-06,980.50,won\n"
    b'd3,2026-01-07,"12,000.00",lost\n'
)
HEADER = ["Deal ID", "Create Date", "Value", "Status"]


def test_an_amount_format_the_import_refuses_is_said_with_the_choice_that_reads_it(make_app):
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    at.selectbox(key="imp_kind").set_value("deals").run()
    at.file_uploader(key="imp_files_deals_0").upload("opps.csv", DEALS, "text/csv").run()
    assert not at.exception, [e.message for e in at.exception]
    key = f"mapn_{_token('deals', HEADER)}"
    # detected: the values show '.' as the decimal point; nothing to warn of
    assert not any("Amount format" in w.value for w in at.warning)
    at.selectbox(key=key).set_value("1.234,56").run()
    assert not at.exception, [e.message for e in at.exception]
    # the page's text is escaped for Markdown (980\\.50)
    said = [w.value.replace("\\", "") for w in at.warning if "Amount format" in w.value]
    assert len(said) == 1
    assert "'Value'" in said[0] and "the import will refuse this column" in said[0]
    assert "980.50" in said[0] and "'1,234.56' if 980.50 means 980.5" in said[0]
    # the import's check refuses the same column, as the warning above it said
    assert any("This import cannot be done" in e.value and "column Value" in e.value for e in at.error)
    # the choice the warning names: no warning, no refusal
    at.selectbox(key=key).set_value("1,234.56").run()
    assert not at.exception, [e.message for e in at.exception]
    assert not any("Amount format" in w.value for w in at.warning)
    assert not any("This import cannot be done" in e.value for e in at.error)
