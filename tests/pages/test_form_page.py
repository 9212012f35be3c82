"""Form pages (issue 24, point 5): editors' contact and partner forms. A visitor's submission is
stored, listed in Wagtail's submissions screen and mailed to the page's address; errors show
beside their fields; a filled honeypot is thanked and dropped; submissions are rate limited per
address; the page is never shared by caches (its form carries a CSRF token), and CSRF holds."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from pages.form_page import HONEYPOT_FIELD
from pages.models import FormField, FormPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(page_tree):
    page = page_tree["home"].add_child(instance=FormPage(
        title="Contact us", slug="contact", intro="<p>We answer within a working day.</p>",
        thank_you_text="<p>Thanks, we will be in touch.</p>", to_address="hello@valund.example",
        subject="Contact form",
    ))
    for order, (label, field_type, required) in enumerate((
        ("Your name", "singleline", True), ("Your email", "email", True), ("Message", "multiline", True),
    )):
        FormField.objects.create(page=page, sort_order=order, label=label, field_type=field_type, required=required)
    return page


def answers(**extra):
    return {"your_name": "Anna Berg", "your_email": "anna@example.com", "message": "Do you have welders?", **extra}


def test_the_form_shows_each_field_with_its_label_and_a_honeypot_nobody_sees(client, contact):
    response = client.get("/en/contact/")

    html = response.text
    assert response.status_code == 200
    assert '<label for="id_your_name">' in html and 'name="message"' in html
    assert "We answer within a working day." in html
    # The honeypot sits in a hidden block: not shown, not read out, out of the Tab order.
    trap = re.search(r"<div hidden>(.*?)</div>", html, re.S).group(1)
    assert f'name="{HONEYPOT_FIELD}"' in trap and 'tabindex="-1"' in trap
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_submission_is_stored_mailed_to_the_page_address_and_thanked(client, contact,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/contact/", answers())

    assert response.status_code == 200
    assert "Thanks, we will be in touch." in response.text
    submission = FormSubmission.objects.get(page=contact)
    assert submission.get_data()["message"] == "Do you have welders?"
    [email] = mail.outbox
    assert email.to == ["hello@valund.example"]
    assert email.subject == "Contact form"
    assert email.reply_to == ["anna@example.com"]
    assert "Your name: Anna Berg" in email.body and "Message: Do you have welders?" in email.body


def test_errors_show_beside_their_fields_and_nothing_is_stored(client, contact):
    response = client.post("/en/contact/", answers(your_email="not an address", message=""))

    html = response.text
    assert response.status_code == 200
    for name in ("your_email", "message"):
        field = re.search(rf'<div class="field field--error">\s*<label for="id_{name}">.*?</div>', html, re.S)
        assert field and "errorlist" in field.group(0), name
        assert re.search(rf'<[^>]*aria-invalid="true"[^>]*id="id_{name}"|<[^>]*id="id_{name}"[^>]*aria-invalid="true"',
                         html), name
    assert 'value="Anna Berg"' in html  # what was typed stays
    assert not FormSubmission.objects.exists()


def test_a_filled_honeypot_is_thanked_but_neither_stored_nor_mailed(client, contact,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/contact/", answers(**{HONEYPOT_FIELD: "https://spam.example"}))

    assert response.status_code == 200
    assert "Thanks, we will be in touch." in response.text
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_submissions_are_rate_limited_per_address(client, contact, settings):
    settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, "form_submission": "2/h/ip"}

    statuses = [client.post("/en/contact/", answers(), REMOTE_ADDR="203.0.113.9").status_code for _ in range(3)]
    other = client.post("/en/contact/", answers(), REMOTE_ADDR="203.0.113.10").status_code

    assert statuses == [200, 200, 429]
    assert other == 200
    assert FormSubmission.objects.count() == 3
    # Reading the form is not limited.
    assert client.get("/en/contact/", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_page_is_never_shared_by_caches(contact):
    visitor = Client()
    first = visitor.get("/en/contact/")
    second = Client().get("/en/contact/")

    for response in (first, second):
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        assert response.get("X-Page-Cache") is None
    # Two visitors get two tokens: nothing was kept and served again.
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(first.text).group(1) != token.search(second.text).group(1)


def test_csrf_holds_a_post_needs_the_forms_token(contact):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/en/contact/", answers()).status_code == 403

    page = browser.get("/en/contact/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = browser.post("/en/contact/", answers(csrfmiddlewaretoken=token))

    assert response.status_code == 200
    assert FormSubmission.objects.filter(page=contact).count() == 1


def test_editors_read_the_submissions_in_wagtails_listing(client, contact, make_staff):
    client.post("/en/contact/", answers())
    editor = make_staff(groups=("Editors",))
    admin = Client()
    admin.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")

    listing = admin.get(reverse("wagtailforms:list_submissions", args=[contact.pk]))
    forms = admin.get(reverse("wagtailforms:index"))

    assert listing.status_code == 200
    assert "Do you have welders?" in listing.text
    assert "Contact us" in forms.text


def test_the_form_page_can_be_added_under_home_and_previewed_as_form_and_thank_you(contact):
    assert FormPage in contact.get_parent().specific_class.allowed_subpage_models()
    assert [mode for mode, _label in contact.preview_modes] == ["form", "landing"]
