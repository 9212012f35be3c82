"""Numbers as a member types them (issue 21): a Swede writes "7,5" hours and "650,50" kr, an
English reader "7.5" and "650.50". Every decimal field a member types into is
core.forms.LocalDecimalField (the profile's rate, a booking request's hours, rate and fixed price,
the search's rate range, support's split of a dispute); the services still get a Decimal (or
minor units), and the catalogue's examples write a comma in Swedish."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from marketplace.accounts.models import Profile, Skill, User
from marketplace.bookings.forms import BookingRequestForm
from marketplace.bookings.models import Booking
from marketplace.core.forms import LocalDecimalField
from marketplace.passport.models import CompetenceTemplate
from marketplace.search.forms.search import SearchForm
from tests.clients import as_user
from tests.marketplace.accounts.test_profile import valid_data as valid_profile
from tests.marketplace.bookings.test_views import request_data


def clean(value, language):
    with translation.override(language):
        return LocalDecimalField(decimal_places=2).clean(value)


@pytest.mark.parametrize(("typed", "expected"), [
    ("7,5", Decimal("7.5")), ("650,50", Decimal("650.50")), ("1 250,50", Decimal("1250.50")),
    ("1\xa0250", Decimal("1250")), (" 16 ", Decimal("16")), ("7.5", Decimal("7.5")),
])
def test_swedish_takes_a_decimal_comma(typed, expected):
    assert clean(typed, "sv") == expected
    assert isinstance(clean(typed, "sv"), Decimal)


@pytest.mark.parametrize(("typed", "expected"), [("7.5", Decimal("7.5")), ("650.50", Decimal("650.50")),
                                                 ("1 250.50", Decimal("1250.50"))])
def test_english_takes_a_full_stop(typed, expected):
    assert clean(typed, "en") == expected


def test_english_refuses_a_comma_rather_than_reading_ten_times_the_amount():
    with translation.override("en"):
        form_field = LocalDecimalField(decimal_places=2)
        with pytest.raises(Exception) as refused:
            form_field.clean("7,5")
    assert "number" in str(refused.value)


def test_the_field_is_a_text_input_with_the_decimal_keypad_and_shows_the_languages_number():
    field = LocalDecimalField(decimal_places=2)
    with translation.override("sv"):
        html = field.widget.render("rate", Decimal("650.50"), attrs=field.widget_attrs(field.widget))
    assert 'type="text"' in html and 'inputmode="decimal"' in html and 'value="650,50"' in html
    with translation.override("en"):
        assert 'value="650.50"' in field.widget.render("rate", Decimal("650.50"))


@pytest.mark.django_db
def test_a_swedish_freelancer_saves_650_50_as_her_rate(freelancer):
    User.objects.filter(pk=freelancer.pk).update(language="sv")
    browser = as_user(freelancer)
    url = reverse("accounts:profile_edit")

    page = browser.get(url, follow=True).content.decode()
    assert 'value="650,00"' in page  # the saved rate, as a Swede writes it
    response = browser.post(url, valid_profile(hourly_rate="650,50"))

    assert response.status_code == 302
    assert Profile.objects.get(user=freelancer).hourly_rate == 65050


@pytest.mark.django_db
def test_an_english_freelancer_saves_650_50_and_is_told_about_a_comma(freelancer):
    User.objects.filter(pk=freelancer.pk).update(language="en")
    browser = as_user(freelancer)
    url = reverse("accounts:profile_edit")

    assert browser.post(url, valid_profile(hourly_rate="650.50")).status_code == 302
    assert Profile.objects.get(user=freelancer).hourly_rate == 65050
    refused = browser.post(url, valid_profile(hourly_rate="650,50"))
    assert refused.status_code == 200
    assert "Enter the rate as a number, such as 650 or 650.50." in refused.content.decode()
    assert Profile.objects.get(user=freelancer).hourly_rate == 65050


@pytest.mark.django_db
def test_a_swedish_client_requests_7_5_hours_at_650_50(client_user, freelancer, today,
                                                       django_capture_on_commit_callbacks):
    User.objects.filter(pk=client_user.pk).update(language="sv")
    browser = as_user(client_user)
    url = reverse("bookings:request", kwargs={"slug": freelancer.profile.slug})

    page = browser.get(url).content.decode()
    assert 'value="650,00"' in page  # the freelancer's rate, as a Swede writes it
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(url, request_data(today, expected_hours="7,5", hourly_rate="650,50"))

    assert response.status_code == 302, response.content.decode()[:2000]
    booking = Booking.objects.get()
    assert booking.expected_hours == Decimal("7.5") and booking.hourly_rate == 65050


@pytest.mark.django_db
def test_the_booking_form_cleans_to_what_the_service_takes(client_user, freelancer, today):
    data = request_data(today, expected_hours="7,5", pricing="fixed", fixed_price="12 500,25", hourly_rate="")
    with translation.override("sv"):
        form = BookingRequestForm(data, profile=freelancer.profile, skills=Skill.objects.none(),
                                  templates=CompetenceTemplate.objects.none())
        assert form.is_valid(), form.errors
    kwargs = form.service_kwargs()
    assert kwargs["expected_hours"] == Decimal("7.5") and isinstance(kwargs["expected_hours"], Decimal)
    assert kwargs["fixed_price"] == 1250025


def test_the_search_reads_a_swedish_rate_range():
    with translation.override("sv"):
        form = SearchForm({"rate_min": "500,50", "rate_max": "1 200", "currency": "SEK"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["rate_min"] == Decimal("500.50")
    assert form.cleaned_data["rate_max"] == Decimal("1200")


@pytest.mark.parametrize("msgid", ["Enter the rate as a number, such as 650 or 650.50.",
                                   "Enter the expected hours as a number, such as 16 or 7.5.",
                                   "Enter an amount such as 650 or 650.50."])
def test_the_swedish_examples_write_a_comma(msgid):
    with translation.override("sv"):
        swedish = gettext(msgid)
    assert swedish != msgid
    assert "650,50" in swedish or "7,5" in swedish
    assert "650.50" not in swedish and "7.5" not in swedish

