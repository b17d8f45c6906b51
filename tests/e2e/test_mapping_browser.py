"""The mapping step in a real browser: upload a file no preset knows, change one column and one value with
the keyboard, check, import, and the landing page shows the leads."""

from __future__ import annotations

from browser_helpers import wait_idle, wait_rerun_done
from playwright.sync_api import Locator, Page, expect

from dashboard import metrics, snapshots
from dashboard.filters import Filters

# a form tool's export; the proposal reads source from Channel, Hot is no known stage (a lead by default)
FORM_LEADS = (
    "Contact ID,Signup Date,Channel,utm_source,Stage\n"
    "c1,2025-04-01,Google Ads,google,New\n"
    "c2,2025-04-02,Newsletter,mailchimp,MQL\n"
    "c3,2025-04-03,Google Ads,google,Hot\n"
    "c4,2025-04-04,Referral,partner,Customer\n"
)


def wait_cell_painted(page: Page, grid: Locator, x: float, y: float, how: str) -> None:
    """Wait until the grid paints the cell at (x, y) (pixels from its corner) so: "hovered" (no longer
    white) or "selected" (the selection's pink)."""
    canvas = grid.locator('[data-testid="data-grid-canvas"]').element_handle()
    # a few pixels in from the cell's left edge: its background, not its text
    page.wait_for_function(
        """([canvas, x, y, how]) => {
            const ratio = canvas.width / canvas.getBoundingClientRect().width;
            const [r, g, b] = canvas.getContext("2d").getImageData((x - 90) * ratio, y * ratio, 1, 1).data;
            return how === "selected" ? r - g > 8 : r + g + b < 3 * 255;
        }""",
        arg=[canvas, x, y, how],
        timeout=10_000,
    )


def test_upload_map_check_import(page: Page, fresh_server, tmp_path):
    path = tmp_path / "form_leads.csv"
    path.write_text(FORM_LEADS, encoding="utf-8")
    # each message the page sends the server: every widget change, click and rerun request is one
    sent: list[int] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda _: sent.append(1)))
    page.goto(f"{fresh_server}/Data")
    page.wait_for_selector('[data-testid="stFileUploader"]', timeout=30_000)
    page.locator('[data-testid="stFileUploader"]').nth(1).locator('input[type="file"]').set_input_files(str(path))
    expect(page.get_by_text("Preview funnel")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("'Channel' is a usual name for source")).to_be_visible()
    expect(page.get_by_text("Not mapped: 'Hot' (1)")).to_be_visible()
    wait_idle(page)
    page.get_by_text("Preview funnel").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "map_proposed.png"), full_page=True)

    # one column with the keyboard: source from utm_source instead of Channel
    wait_idle(page)
    page.get_by_role("combobox", name="source", exact=True).click()
    page.keyboard.type("utm_source")
    page.keyboard.press("Enter")
    wait_rerun_done(page)
    expect(page.get_by_text("chosen here")).to_be_visible()

    # one value with the keyboard: Hot (second row, equal counts list alphabetically) becomes a customer
    editor = page.locator('[data-testid="stDataFrame"]').filter(has_text="Hot").first
    editor.scroll_into_view_if_needed()
    # the "becomes" cell of the second row (a header row above it, rows ~35 px high)
    box = editor.bounding_box()
    x, y = box["width"] * 0.85, 35 * 2 + 17
    # as a hand does it: onto the cell till the grid shows it hovered, press, release (a click of no
    # duration, or before the grid follows the pointer, goes unseen); Enter opens the selected cell's editor
    page.mouse.move(box["x"] + x, box["y"] + y)
    wait_cell_painted(page, editor, x, y, "hovered")
    page.mouse.down()
    page.wait_for_timeout(100)
    page.mouse.up()
    wait_cell_painted(page, editor, x, y, "selected")
    page.keyboard.press("Enter")
    page.get_by_role("option", name="customer", exact=True).wait_for()
    page.keyboard.type("customer")
    page.keyboard.press("Enter")
    wait_rerun_done(page)
    expect(page.get_by_text("Not mapped: 'Hot' (1)")).to_have_count(0, timeout=20_000)
    # the preview funnel follows: 3 MQLs of 4 leads (c2, and c3 and c4 as customers)
    expect(page.get_by_text("3 · 75.0% of previous · 75.0% of leads")).to_be_visible(timeout=20_000)
    wait_idle(page)
    page.get_by_text("Preview funnel").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "map_changed.png"), full_page=True)
    wait_rerun_done(page)

    # one click imports: the grid keeps its data while it lives, so no rerun of its own swallows the click
    before = len(sent)
    page.get_by_role("button", name="Import 4 rows into leads").click()
    expect(page.get_by_text("Last import in this session: 4 rows into leads.")).to_be_visible(timeout=30_000)
    wait_rerun_done(page)
    # the click was the one message: the grid, drawn again by the click's run, sent none of its own (a grid
    # whose data changed drops its edits and says so, and that rerun could cut the click's run short)
    assert len(sent) - before == 1
    page.goto(fresh_server)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    leads = page.locator('[data-testid="stMetric"]', has_text="Leads").last
    expect(leads.locator('[data-testid="stMetricValue"]')).to_have_text("4")
    leads.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "landing.png"))
    con = snapshots.open_read_only(str(tmp_path / "e2e.duckdb"))
    sources = dict(con.execute("select lead_id, source from leads").fetchall())
    funnel = metrics.funnel(con, Filters())
    con.close()
    assert sources == {"c1": "google", "c2": "mailchimp", "c3": "google", "c4": "partner"}
    # Hot is a customer now: c3 and c4 reached every stage, c2 is an MQL
    assert funnel["count_leads"].tolist() == [4, 3, 2, 2, 2]
