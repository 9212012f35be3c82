"""The editor's preview panel in Chromium: an editor signed in with the second factor opens a
page in the Wagtail editor, opens the preview side panel and sees the page itself in its frame
(the preview's answer may be framed by the admin: tests/pages/test_preview.py), including an
edit not yet saved, once Wagtail has swapped in the refreshed frame."""

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

    # A change not yet saved reaches the panel too: Wagtail posts the form after its debounce, then
    # loads the new preview into a second iframe with the same id and removes the old one once it
    # has loaded. A frame locator can meet both frames mid-swap (Playwright's strict mode refuses
    # two matches at once, which made this check fail by turns), so wait on the DOM itself: one
    # preview frame left, showing the new title.
    with page.expect_response(lambda response: "/preview/" in response.url and response.request.method == "POST"):
        page.get_by_role("textbox", name="Title*").fill("About Valund, previewed")
    page.wait_for_function(
        """(expected) => {
            const frames = document.querySelectorAll("iframe#w-preview-iframe");
            const heading = frames.length === 1 && frames[0].contentDocument?.querySelector("h1");
            return Boolean(heading) && heading.textContent.trim() === expected;
        }""",
        arg="About Valund, previewed", timeout=20_000)
    expect(frame.get_by_role("heading", level=1)).to_have_text("About Valund, previewed")
    assert not refused, refused
