"""The member's own language: chosen on the profile page, read by language_for for everything
Valund shows or sends them."""

import pytest
from django.test import override_settings
from django.urls import reverse

from marketplace.accounts import selectors, services
from marketplace.accounts.models import User
from marketplace.core.errors import DomainError, PermissionDenied

from .test_profile import valid_data

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile_edit")


def test_language_for_is_the_members_choice(freelancer):
    freelancer.language = "sv"
    assert selectors.language_for(freelancer) == "sv"


@override_settings(LANGUAGE_CODE="sv")
def test_language_for_falls_back_to_the_sites_default(freelancer):
    assert freelancer.language == ""
    assert selectors.language_for(freelancer) == "sv"
    assert selectors.language_for(None) == "sv"


def test_language_for_ignores_a_language_the_site_no_longer_offers(freelancer):
    freelancer.language = "fi"
    assert selectors.language_for(freelancer) == "en"


def test_member_chooses_swedish_on_the_profile_page(client, logged_in, freelancer):
    logged_in(freelancer)

    page = client.get(URL)
    assert '<option value="sv">Svenska</option>' in page.content.decode()

    response = client.post(URL, valid_data(language="sv"))

    assert response.status_code == 302
    freelancer.refresh_from_db()
    assert freelancer.language == "sv"


def test_member_may_go_back_to_the_browsers_language(client, logged_in, freelancer):
    User.objects.filter(pk=freelancer.pk).update(language="sv")
    logged_in(freelancer)

    client.post(URL, valid_data(language=""))

    freelancer.refresh_from_db()
    assert freelancer.language == ""


def test_a_language_not_offered_is_refused_and_nothing_saved(client, logged_in, freelancer):
    logged_in(freelancer)

    response = client.post(URL, valid_data(language="de", headline="Changed"))

    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    freelancer.refresh_from_db()
    assert freelancer.language == ""
    assert freelancer.profile.headline != "Changed"


def test_nobody_sets_another_members_language(freelancer, client_user):
    with pytest.raises(PermissionDenied):
        services.user_set_language(actor=client_user, user=freelancer, language="sv")
    with pytest.raises(DomainError):
        services.user_set_language(actor=freelancer, user=freelancer, language="xx")
    freelancer.refresh_from_db()
    assert freelancer.language == ""
