"""The editor's preview panel in Chromium: an editor signed in with the second factor opens a
page in the Wagtail editor, opens the preview side panel and sees the page itself in its frame
(the preview's answer may be framed by the admin: tests/pages/test_preview.py), with no frame
refused in the console. An edit not yet saved reaching the panel is not checked (see below)."""

from playwright.sync_api import expect

from .judges import ARTIFACTS


def test_an_editor_sees_the_page_in_the_preview_panel(site, page_tree, make_staff, signed_in):
    about = page_tree["about"]
    editor = make_staff(groups=("Editors",), name="Edda Editor")
    page = signed_in(editor)
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "frame" in message.text.lower() else None)

    page.goto(f"/admin/pages/{about.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()

    frame = page.frame_locator("#w-preview-iframe")
    expect(frame.get_by_text("Founded in Göteborg.")).to_be_visible(timeout=15_000)
    expect(frame.get_by_role("heading", level=1)).to_have_text("About Valund")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "preview-panel-1280.png")

    # Not checked here: an unsaved change reaching the panel (Wagtail's own auto-update). That
    # check passed and failed by turns on the same commit (6 Dec), so it waits for #24's next round.
    assert not refused, refused
