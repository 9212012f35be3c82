"""Search analytics for a results page shown without JavaScript: its <noscript> image counts the
search (search:shown, the one GET of ours that writes) and its result links' `ping` the first
click (search:click, as browsers send hyperlink auditing: `PING` as text/ping, the fields in the
address). Each takes its fields and no other and counts against the search's rate limit."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from marketplace.search import services
from marketplace.search.models import SearchAnalytics
from marketplace.search.query import SearchParams

pytestmark = pytest.mark.django_db
NOSCRIPT = {"HTTP_USER_AGENT": "Lynx/2.9", "REMOTE_ADDR": "203.0.113.7"}


def token(q="welder", total=30, page=1, **filters):
    return services.record_token(SearchParams(q=q, page=page, **filters), total)


def pixel(client, data):
    return client.get(reverse("search:shown"), data, **NOSCRIPT)


def ping(client, query, *, body="PING", content_type="text/ping"):
    return client.post(f"{reverse('search:click')}?{urlencode(query)}", body, content_type=content_type,
                       HTTP_PING_FROM="http://testserver/en/freelancers/", **NOSCRIPT)


def test_the_image_counts_the_search_it_shows_and_answers_a_pixel_nobody_keeps():
    response = pixel(Client(), {"token": token(available_now=True)})

    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a") and len(response.content) == 43
    assert response["Cache-Control"] == "no-store" and not response.cookies
    row = SearchAnalytics.objects.get()
    assert (row.query, row.filters, row.result_count, row.member, row.visitor_hash) == (
        "welder", {"available_now": True}, 30, None, "")


def test_a_ping_records_the_first_click_of_the_search_the_same_visitor_was_shown():
    client = Client()
    pixel(client, {"token": token()})

    first = ping(client, {"token": token(), "position": 3})
    later = ping(client, {"token": token(), "position": 7})

    assert first.status_code == later.status_code == 204 and first["Cache-Control"] == "no-store"
    assert SearchAnalytics.objects.get().clicked_position == 3


def test_a_ping_from_a_later_page_counts_at_its_absolute_position():
    client = Client()
    pixel(client, {"token": token(total=45)})
    pixel(client, {"token": token(total=45, page=2)})

    ping(client, {"token": token(total=45, page=2), "position": 22})

    assert SearchAnalytics.objects.get().clicked_position == 22


def test_a_ping_finds_only_the_search_its_own_visitor_was_shown():
    pixel(Client(), {"token": token()})

    address = f"{reverse('search:click')}?{urlencode({'token': token(), 'position': 1})}"
    other_browser = Client().post(address, "PING", content_type="text/ping",
                                  HTTP_USER_AGENT="Other/1", REMOTE_ADDR="203.0.113.7")
    other_search = ping(Client(), {"token": token(q="plumber"), "position": 1})

    assert other_browser.status_code == other_search.status_code == 204
    assert SearchAnalytics.objects.get().clicked_position is None


def test_the_address_hash_never_merges_two_searches_and_is_not_stored():
    pixel(Client(), {"token": token()})
    pixel(Client(), {"token": token()})

    assert SearchAnalytics.objects.count() == 2
    stored = " ".join(str(value) for row in SearchAnalytics.objects.values() for value in row.values())
    assert "203.0.113.7" not in stored and "Lynx" not in stored


def test_a_members_image_and_the_script_beacon_count_one_search(client, freelancer):
    """A page that recorded itself twice (the script and the image) is one search for a
    searcher the site recognises, as reloads are."""
    client.force_login(freelancer, backend="django.contrib.auth.backends.ModelBackend")

    search_id = client.post(reverse("search:record"), {"token": token()}).json()["search"]
    pixel(client, {"token": token()})
    ping(client, {"token": token(), "position": 2})
    client.post(reverse("search:click"), {"search": search_id, "position": 5})

    search = SearchAnalytics.objects.get()
    assert str(search.pk) == search_id and search.member == freelancer and search.clicked_position == 2


def test_a_prefetch_of_the_image_records_nothing():
    for header in ({"HTTP_SEC_PURPOSE": "prefetch"}, {"HTTP_PURPOSE": "prefetch"}):
        response = Client().get(reverse("search:shown"), {"token": token()}, **header)
        assert response.status_code == 204
    assert Client().head(reverse("search:shown"), {"token": token()}).status_code == 405
    assert not SearchAnalytics.objects.exists()


@pytest.mark.parametrize("data", [
    {},
    {"token": "not-signed"},
    {"token": token()[:-2] + "xx"},
    {"token": token(), "query": "injected"},
    {"token": "a" * 5000},
])
def test_the_image_refuses_a_token_it_did_not_sign_and_any_other_field(data):
    response = pixel(Client(), data)

    assert response.status_code == 400 and response["Cache-Control"] == "no-store"
    assert not SearchAnalytics.objects.exists()


@pytest.mark.parametrize("query, body, content_type", [
    ({"position": 1}, "PING", "text/ping"),  # no token
    ({"token": "forged:abc", "position": 1}, "PING", "text/ping"),
    ({"token": token()[:-2] + "xx", "position": 1}, "PING", "text/ping"),
    ({"token": token(), "position": 1, "to": "https://evil.example"}, "PING", "text/ping"),
    ({"token": token(), "position": "first"}, "PING", "text/ping"),
    ({"token": token(), "position": "-1"}, "PING", "text/ping"),
    ({"token": token(), "position": 1}, "PING with more", "text/ping"),
    ({"token": token(), "position": 1}, "PING", "text/plain"),  # neither a ping nor the script's form
    ({"token": token(), "position": 1}, "token=x&position=1", "application/x-www-form-urlencoded"),
])
def test_bad_pings_are_refused_and_record_nothing(query, body, content_type):
    client = Client()
    pixel(client, {"token": token()})

    response = ping(client, query, body=body, content_type=content_type)

    assert response.status_code == 400 and response["Cache-Control"] == "no-store"
    assert SearchAnalytics.objects.get().clicked_position is None


def test_a_ping_without_a_search_shown_records_nothing():
    assert ping(Client(), {"token": token(), "position": 1}).status_code == 204
    assert not SearchAnalytics.objects.exists()


def test_the_image_and_the_ping_count_against_the_search_limit(settings):
    settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, "search": "2/m/ip"}
    client = Client()

    answers = [pixel(client, {"token": token()}).status_code for _ in range(2)]
    over_image = pixel(client, {"token": token()})
    over_ping = ping(client, {"token": token(), "position": 1})

    assert answers == [200, 200]
    assert over_image.status_code == over_ping.status_code == 429 and over_ping["Retry-After"]
    assert SearchAnalytics.objects.count() == 2 and not SearchAnalytics.objects.filter(clicked_position=1).exists()


def test_result_links_ping_the_click_beacon_and_the_page_has_its_image(client, directory_world):
    html = client.get("/en/freelancers/?q=weld").content.decode()

    shown = f'<noscript><img class="visually-hidden" src="{reverse("search:shown")}?token='
    assert shown in html and 'alt="" width="1" height="1"></noscript>' in html
    pings = [part.split('"', 1)[0] for part in html.split(' ping="')[1:]]
    # Absolute: HTML allows only http(s) URLs in `ping` (the Nu checker refuses a path).
    assert pings and all(p.startswith(f"http://testserver{reverse('search:click')}?token=") for p in pings)
    assert [p.rsplit("&amp;position=", 1)[1] for p in pings] == [str(n) for n in range(1, len(pings) + 1)]
