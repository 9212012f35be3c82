"""Wagtail's preview of a page is the public page framed by the admin: its answer may be framed
by this site (frame-ancestors 'self', X-Frame-Options SAMEORIGIN) and keeps the rest of the public
policy; the public page itself still refuses every frame. The preview panel in a real browser is
tests/browser/test_preview_panel.py."""

from django.urls import reverse


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in policy.split("; ") if " " in part}


def test_public_pages_refuse_every_frame(client, page_tree):
    for page in page_tree.values():
        response = client.get(page.url)
        assert response.status_code == 200
        assert directives(response)["frame-ancestors"] == "'none'"
        assert response["X-Frame-Options"] == "DENY"


def test_a_preview_may_be_framed_by_the_admin_only_and_keeps_the_public_policy(client, page_tree, make_staff):
    about = page_tree["about"]
    revision = about.save_revision()
    client.force_login(make_staff(groups=("Editors",)), backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(reverse("wagtailadmin_pages:revisions_view", args=[about.pk, revision.pk]))

    assert response.status_code == 200
    assert b"Founded in G" in response.content
    policy = directives(response)
    assert policy["frame-ancestors"] == "'self'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # Nothing else loosened: scripts and styles only from this site, no inline, unlike the admin.
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_a_public_page_after_a_preview_is_still_refused_to_frames(client, page_tree, make_staff):
    about = page_tree["about"]
    revision = about.save_revision()
    staff = make_staff(groups=("Editors",))
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("wagtailadmin_pages:revisions_view", args=[about.pk, revision.pk]))

    response = client.get(about.url)
    assert directives(response)["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
