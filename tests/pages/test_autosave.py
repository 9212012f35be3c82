"""Autosave of a new page (issue 24, point 8: "the autosaved draft blocks creating the page
again: slug already in use"). Wagtail 8's flow: the first autosave on the create view POSTs with
`Accept: application/json`; Wagtail adds the page to the tree as a draft and answers with the
page's edit URL (`url`) and `hydrate_url` (the edit view, `?_w_hydrate_create_view=1`). Its
editor script then points the form at `url`, replaces the address bar with it and fetches
`hydrate_url` to turn the screen into the edit view, so every later autosave, "Save draft" or
"Publish" goes to the edit view of that draft. The slug error is what a second POST to the
*create* view gets (a stale tab, or starting the page again from "Add child page"): the draft is
already a child with that slug. These tests follow Wagtail's flow through our stack (middleware,
our page types' edit panels) and show where the error comes from (docs/staff.md)."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from pages.models import FormPage, StandardPage

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def standard_page(title="Opening hours", slug="opening-hours"):
    return ("standardpage", nested_form_data({
        "title": title, "slug": slug, "introduction": "When we answer.", "body": streamfield([]),
    }))


def form_page(title="Partner enquiries", slug="partners"):
    return ("formpage", nested_form_data({
        "title": title, "slug": slug, "intro": rich_text(""), "thank_you_text": rich_text(""),
        "form_fields": inline_formset([]), "to_address": "", "from_address": "", "subject": "",
        "submit_label": "",
    }))


@pytest.fixture
def editor(make_staff):
    client = Client()
    client.force_login(make_staff(groups=("Editors",)), backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("page", [standard_page, form_page], ids=["standard page", "form page"])
def test_autosave_makes_a_draft_and_later_saves_go_to_its_edit_view(page, editor, page_tree):
    home = page_tree["home"]
    model, data = page()
    add_url = reverse("wagtailadmin_pages:add", args=("pages", model, home.pk))

    autosaved = editor.post(add_url, data, headers=JSON)

    assert autosaved.status_code == 200, autosaved.content[:500]
    answer = autosaved.json()
    assert answer["success"] is True
    draft = Page.objects.get(pk=answer["pk"])
    assert (draft.live, draft.slug, draft.get_parent().pk) == (False, data["slug"], home.pk)
    assert answer["url"] == reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    # The script turns the screen into the edit view: that partial renders through our stack.
    hydrated = editor.get(answer["hydrate_url"])
    assert hydrated.status_code == 200

    # Later autosaves and the editor's own "Save draft" go to the edit view: no slug error, no
    # second page.
    again = editor.post(answer["url"], {**data, "title": data["title"] + " (updated)"}, headers=JSON)
    assert again.status_code == 200 and again.json()["success"] is True, again.content[:500]
    saved = editor.post(answer["url"], {**data, "title": data["title"] + " (final)"})
    assert saved.status_code == 302
    assert home.get_children().filter(slug=data["slug"]).count() == 1
    assert Page.objects.get(pk=draft.pk).get_latest_revision().content["title"].endswith("(final)")


def test_a_second_post_to_the_create_view_is_what_meets_the_slug_error(editor, page_tree):
    home = page_tree["home"]
    model, data = standard_page()
    add_url = reverse("wagtailadmin_pages:add", args=("pages", model, home.pk))
    assert editor.post(add_url, data, headers=JSON).json()["success"] is True

    stale = editor.post(add_url, data, headers=JSON)
    # The indicator says "There are validation errors, click save to highlight them"; clicking
    # Save (a plain POST to the same create view) shows which.
    clicked = editor.post(add_url, data)

    assert (stale.status_code, stale.json()["error_code"]) == (400, "validation_error")
    assert clicked.status_code == 200 and "already in use" in clicked.text
    assert home.get_children().filter(slug=data["slug"]).count() == 1
    # The draft is where Wagtail keeps it: in the page listing, to be opened and carried on.
    listing = editor.get(reverse("wagtailadmin_explore", args=(home.pk,)))
    assert "Opening hours" in listing.text
    assert StandardPage.objects.get(slug=data["slug"]).has_unpublished_changes
    assert not FormPage.objects.exists()
