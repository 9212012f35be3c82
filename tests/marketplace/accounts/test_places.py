"""Where a member is: one place chosen from the gazetteer (core/places.py) sets the profile's city,
country and coordinates together; coordinates come from nowhere else. The suggestions the place
field's combobox asks for as it is typed."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from marketplace.accounts import services
from marketplace.accounts.forms import ProfileForm
from marketplace.accounts.models import Profile, User
from marketplace.core.errors import DomainError

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile_edit")
SUGGEST_URL = reverse("accounts:place_suggest")
HTMX = {"HTTP_HX_REQUEST": "true"}
UPPSALA = (Decimal("59.858562"), Decimal("17.638927"))
GOTEBORG = (Decimal("57.708870"), Decimal("11.974560"))


def form_data(**overrides):
    data = {"display_name": "Sara Ek", "headline": "", "bio": "", "place": "Uppsala", "years_experience": "",
            "hourly_rate": "", "currency": "SEK", "availability": "now", "available_from": "",
            "hours_per_week": "", "visibility": "public"}
    data.update(overrides)
    return data


def where(user) -> tuple:
    profile = Profile.objects.get(user=user)
    return profile.city, profile.country, profile.latitude, profile.longitude


def save(user, **overrides) -> ProfileForm:
    form = ProfileForm(form_data(**overrides), instance=Profile.objects.get(user=user))
    if form.is_valid():
        services.profile_update(actor=user, profile=form.instance, data=form.profile_data())
    return form


# Choosing a place


def test_a_known_place_sets_city_country_and_coordinates(freelancer):
    assert save(freelancer, place="Uppsala").is_valid()

    assert where(freelancer) == ("Uppsala", "SE", *UPPSALA)


@pytest.mark.parametrize("typed", ["Göteborg", "Goteborg", "  göteborg ", "GOTEBORG", "Gothenburg"])
def test_spellings_without_accents_and_aliases_choose_the_place_by_its_own_name(make_member, typed):
    member = make_member(User.Role.FREELANCER)

    form = save(member, place=typed)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["place"] == "Göteborg"
    assert where(member) == ("Göteborg", "SE", *GOTEBORG)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Upsala", "“Upsala” is not a place we know. Did you mean Uppsala?"),
        ("Stokholm", "Did you mean Stockholm?"),
        ("Atlantis", "“Atlantis” is not a place we know. Choose the nearest city from the places listed here."),
        ("<script>alert(1)</script>", "is not a place we know"),
    ],
)
def test_an_unknown_place_is_refused_with_the_places_spelt_like_it(freelancer, typed, message):
    before = where(freelancer)

    form = save(freelancer, place=typed)

    assert not form.is_valid()
    assert message in " ".join(form.errors["place"])
    assert where(freelancer) == before


def test_a_forged_post_with_coordinates_is_ignored(client, logged_in, make_member):
    member = make_member(User.Role.FREELANCER)
    logged_in(member)

    response = client.post(PROFILE_URL, form_data(place="Uppsala", latitude="10.5", longitude="20.5",
                                                  city="Atlantis", country="FR"))

    assert response.status_code == 302
    assert where(member) == ("Uppsala", "SE", *UPPSALA)


def test_the_service_refuses_coordinates_and_places_not_from_the_gazetteer(freelancer):
    profile = Profile.objects.get(user=freelancer)

    services.profile_update(actor=freelancer, profile=profile, data={"latitude": 1, "longitude": 2, "city": "X"})
    assert where(freelancer) == ("Göteborg", "SE", None, None)
    with pytest.raises(DomainError) as refused:
        services.profile_update(actor=freelancer, profile=profile, data={"place": "Atlantis"})
    assert refused.value.code == "place"


def test_clearing_the_place_clears_the_coordinates(freelancer):
    save(freelancer, place="Uppsala")

    assert save(freelancer, place="").is_valid()

    assert where(freelancer) == ("", "", None, None)


def test_the_place_already_named_keeps_its_finer_coordinates(make_member):
    member = make_member(User.Role.FREELANCER, city="Göteborg", country="SE",
                         latitude=Decimal("57.706812"), longitude=Decimal("11.966120"))

    save(member, place="goteborg")
    assert where(member) == ("Göteborg", "SE", Decimal("57.706812"), Decimal("11.966120"))
    save(member, place="Uppsala")
    assert where(member) == ("Uppsala", "SE", *UPPSALA)


def test_a_client_chooses_a_place_too(client_user):
    assert save(client_user, place="Malmö", company_name="Nordbygg AB").is_valid()

    assert where(client_user)[:2] == ("Malmö", "SE")


# The form on the page


def test_the_form_has_a_place_combobox_and_no_coordinates(client, logged_in, freelancer):
    logged_in(freelancer)

    html = client.get(PROFILE_URL).content.decode()

    assert 'name="latitude"' not in html and 'name="longitude"' not in html and 'name="city"' not in html
    assert '<label for="id_place">Place:</label>' in html or '<label for="id_place">Place</label>' in html
    assert 'name="place" value="Göteborg"' in html
    assert 'aria-describedby="id_place_helptext"' in html
    assert f'data-hx-get="{SUGGEST_URL}"' in html and "data-combobox-fill" in html
    assert "<summary>The places you can choose</summary>" in html and "Uppsala" in html
    assert "js/combobox.js" in html


# The suggestions


def test_suggestions_are_the_places_starting_with_what_is_typed(client, logged_in, freelancer):
    logged_in(freelancer)

    response = client.get(SUGGEST_URL, {"place": "upp"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="place-suggestions-listbox" role="listbox"' in html
    assert 'data-field="place" data-value="Uppsala"' in html
    assert 'data-status="1 place"' in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_suggestions_find_aliases_and_accent_free_spellings(client, logged_in, freelancer):
    logged_in(freelancer)

    for typed, name in (("goth", "Göteborg"), ("ore", "Örebro"), ("helsingf", "Helsinki")):
        html = client.get(SUGGEST_URL, {"place": typed}, **HTMX).content.decode()
        assert f'data-value="{name}"' in html, typed


@pytest.mark.parametrize("typed", ["", "x" * 10_000, "<>\"'&%;", "🔧 ✓", "ü" * 500, "Uppsala" * 50])
def test_bad_input_suggests_nothing_and_never_fails(client, logged_in, freelancer, typed):
    logged_in(freelancer)

    response = client.get(SUGGEST_URL, {"place": typed}, **HTMX)

    assert response.status_code == 200
    assert 'role="option"' not in response.content.decode()


def test_without_javascript_the_suggestions_are_a_page(client, logged_in, freelancer):
    logged_in(freelancer)

    response = client.get(SUGGEST_URL, {"place": "Lu"})

    html = response.content.decode()
    assert "<h1" in html and "<li>Luleå, Sweden</li>" in html and "<li>Lund, Sweden</li>" in html


def test_suggestions_are_for_members(client):
    response = client.get(SUGGEST_URL, {"place": "Upp"})

    assert response.status_code == 302


# Members from before the place chooser


def test_the_migration_gives_profiles_in_a_known_city_its_coordinates(make_member):
    migration = import_module("marketplace.accounts.migrations.0005_profile_place_coordinates")
    typed = make_member(User.Role.FREELANCER, city="uppsala")
    located = make_member(User.Role.FREELANCER, city="Göteborg", country="SE",
                          latitude=Decimal("57.706812"), longitude=Decimal("11.966120"))
    unknown = make_member(User.Role.FREELANCER, city="Atlantis", country="SE")
    nowhere = make_member(User.Role.CLIENT)

    migration.fill_coordinates(apps, None)

    assert where(typed) == ("Uppsala", "SE", *UPPSALA)
    assert where(located) == ("Göteborg", "SE", Decimal("57.706812"), Decimal("11.966120"))
    assert where(unknown) == ("Atlantis", "SE", None, None)
    assert where(nowhere) == ("", "", None, None)
