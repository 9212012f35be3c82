"""Saved searches: saving from the results page, the owner's list, changes and deletion (and
another member's attempts), and the results page's "Save this search" card. The alerts are
test_saved_search_alerts.py's, unsubscribing from them test_saved_search_unsubscribe.py's."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.template import RequestContext, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.core.errors import DomainError
from marketplace.search import services
from marketplace.search.models import SavedSearch
from marketplace.search.query import SearchParams
from tests.conftest import PASSWORD

from .helpers import Frequency, save

pytestmark = pytest.mark.django_db
CREATE = reverse("search:saved_create")
LIST = reverse("search:saved_list")


# Saving


def test_a_member_saves_the_current_search_from_the_results_page(client_user, logged_in, astrid):
    response = logged_in(client_user).post(
        CREATE, {"name": "Welders in Göteborg", "frequency": "daily", "querystring": "page=3&q=welder"}
    )

    saved = SavedSearch.objects.get()
    assert (saved.owner, saved.name, saved.frequency) == (client_user, "Welders in Göteborg", Frequency.DAILY)
    assert saved.querystring == "q=welder"  # canonical, back to the first page
    assert response.status_code == 302 and response["Location"] == "/en/freelancers/?q=welder"


def test_freelancers_found_when_saving_count_as_seen(client_user, astrid):
    saved = save(client_user)

    assert list(saved.seen.values_list("profile_id", flat=True)) == [astrid.profile.pk]


def test_an_unnamed_search_is_named_after_what_it_looks_for(client_user, skills):
    saved = save(client_user, "q=welder&skills=welding", name="  ")

    assert saved.name == "welder · welding"


def test_saving_the_same_search_again_updates_it(client_user):
    first = save(client_user, "q=welder", name="Welders", frequency=Frequency.WEEKLY)
    again = save(client_user, "?q=welder&page=2", name="Welders, daily", frequency=Frequency.DAILY)

    assert again.pk == first.pk
    assert SavedSearch.objects.get().name == "Welders, daily"
    assert SavedSearch.objects.get().frequency == Frequency.DAILY


def test_visitors_are_asked_to_log_in_and_come_back_to_the_results(client):
    response = client.post(CREATE, {"frequency": "daily", "querystring": "q=welder"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/en/freelancers/%3Fq%3Dwelder" in response["Location"]
    assert not SavedSearch.objects.exists()


def test_saving_needs_a_csrf_token(client_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(CREATE, {"frequency": "daily", "querystring": "q=welder"})

    assert response.status_code == 403
    assert not SavedSearch.objects.exists()


def test_members_with_an_unconfirmed_email_cannot_save_searches(make_member, logged_in):
    member = make_member(User.Role.CLIENT, verified=False)

    response = logged_in(member).post(CREATE, {"frequency": "daily", "querystring": "q=welder"}, follow=True)

    assert not SavedSearch.objects.exists()
    assert "Confirm your email address" in response.content.decode()


def test_a_member_keeps_at_most_the_limit_of_saved_searches(client_user, monkeypatch):
    monkeypatch.setattr(services.saved, "MAX_PER_MEMBER", 2)
    save(client_user, "q=welder")
    save(client_user, "q=carpenter")

    with pytest.raises(DomainError):
        save(client_user, "q=electrician")
    assert SavedSearch.objects.count() == 2


# The owner's list, changes and deletion


def test_the_list_and_the_dashboard_show_only_the_members_own_searches(client_user, make_member, logged_in):
    save(client_user, name="Mine")
    save(make_member(User.Role.CLIENT), name="Someone else's")
    client = logged_in(client_user)

    listing = client.get(LIST).content.decode()
    dashboard = client.get(reverse("dashboard:index")).content.decode()

    assert "Mine" in listing and "Someone else" not in listing
    assert "Mine" in dashboard and "Someone else" not in dashboard
    assert 'href="/en/freelancers/?q=welder"' in listing


def test_a_freelancers_dashboard_has_no_saved_searches_card_but_the_list_keeps_theirs(freelancer, logged_in):
    """Saved searches are for finding freelancers to hire: the client's dashboard shows them."""
    save(freelancer, name="Other welders")
    member = logged_in(freelancer)

    dashboard = member.get(reverse("dashboard:index")).content.decode()
    assert "Other welders" not in dashboard and "Saved searches" not in dashboard
    assert "Other welders" in member.get(LIST).content.decode()


def test_the_owner_changes_the_frequency_and_deletes(client_user, logged_in):
    saved = save(client_user)
    client = logged_in(client_user)

    client.post(reverse("search:saved_frequency", args=[saved.pk]), {"frequency": "weekly"})
    saved.refresh_from_db()
    assert saved.frequency == Frequency.WEEKLY

    response = client.post(reverse("search:saved_delete", args=[saved.pk]))
    assert response.status_code == 302
    assert not SavedSearch.objects.exists()


def test_another_member_cannot_change_or_delete_a_saved_search(client_user, make_member, logged_in):
    saved = save(client_user, frequency=Frequency.DAILY)
    intruder = logged_in(make_member(User.Role.CLIENT))

    assert intruder.post(reverse("search:saved_delete", args=[saved.pk])).status_code == 404
    assert intruder.post(reverse("search:saved_frequency", args=[saved.pk]), {"frequency": "off"}).status_code == 404
    saved.refresh_from_db()
    assert saved.frequency == Frequency.DAILY
    assert "Welders" not in intruder.get(LIST).content.decode()


def test_changes_are_post_only(client_user, logged_in):
    saved = save(client_user)

    assert logged_in(client_user).get(reverse("search:saved_delete", args=[saved.pk])).status_code == 405
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


# The results page's "Save this search" card


def render_save_form(user, params):
    request = RequestFactory().get("/en/freelancers/", {"q": "welder", "page": "2"})
    request.user = user or AnonymousUser()
    template = Template("{% load saved_searches %}{% save_search_form params %}{% save_search_form_element %}")
    return template.render(RequestContext(request, {"params": params}))


def test_the_save_card_posts_the_canonical_search_for_members(client_user):
    html = render_save_form(client_user, SearchParams(q="welder", page=2))

    assert f'<form id="save-search-form" method="post" action="{CREATE}">' in html
    # The card sits inside the search form; its fields belong to that form, not to the search.
    assert 'name="csrfmiddlewaretoken"' in html and html.count('form="save-search-form"') == 5
    assert re.search(r'name="querystring" value="q=welder"[^>]*form="save-search-form"|'
                     r'form="save-search-form"[^>]*name="querystring" value="q=welder"', html)


def test_the_save_card_asks_visitors_to_log_in_and_come_back(db):
    html = render_save_form(None, SearchParams(q="welder"))

    assert "csrfmiddlewaretoken" not in html
    assert f'{reverse("account_login")}?next=%2Fen%2Ffreelancers%2F%3Fq%3Dwelder' in html


def test_a_visitor_may_join_as_a_client_from_the_save_card_and_come_back(client, db):
    html = render_save_form(None, SearchParams(q="welder"))
    signup_url = re.search(r'<a href="([^"]+)">join as a client</a>', html).group(1).replace("&amp;", "&")
    assert signup_url == f'{reverse("account_signup")}?role=client&next=%2Fen%2Ffreelancers%2F%3Fq%3Dwelder'

    form = client.get(signup_url).context["form"]
    assert form["role"].initial == "client"
    client.post(signup_url, {"role": "client", "display_name": "Maja Berg", "company_name": "", "email":
                             "maja@example.com", "password1": PASSWORD, "password2": PASSWORD, "next":
                             "/en/freelancers/?q=welder"})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.M).group(1)
    answer = client.post(reverse("account_email_verification_sent"), {"code": code})

    assert answer["Location"] == "/en/freelancers/?q=welder"
