"""Helpers the search tests share (their fixtures are conftest.py's): saving a search and
running its alerts, the engine's results by first name, and the results page as a client
gets it."""

import re

from django.core import mail

from marketplace.search import services, tasks
from marketplace.search.models import SavedSearch
from marketplace.search.query import SearchParams
from marketplace.search.selectors import search

# Saved searches

Frequency = SavedSearch.Frequency


def save(owner, querystring="q=welder", *, name="Welders", frequency=Frequency.DAILY) -> SavedSearch:
    return services.saved_search_create(owner=owner, name=name, querystring=querystring, frequency=frequency)


def run_daily(capture) -> list:
    """Run the daily alert task as Huey would, with the emails it enqueues after commit."""
    mail.outbox.clear()
    with capture(execute=True):
        tasks.send_daily_alerts.call_local()
    return list(mail.outbox)


# The engine


def found(results) -> list[str]:
    """The first names of the page's profiles, lowercased, in order."""
    return [profile.display_name.split()[0].lower() for profile in results.profiles]


def found_set(params: SearchParams) -> set[str]:
    return set(found(search(params, per_page=100)))


# The results page

URL = "/en/freelancers/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "search-results", "HTTP_HX_CURRENT_URL": "http://testserver/"}


def get(client, querystring="", **headers):
    response = client.get(f"{URL}?{querystring}" if querystring else URL, **headers)
    assert response.status_code == 200
    return response, response.content.decode()


def names(html: str) -> list[str]:
    return re.findall(r'<a class="card__link" href="[^"]+"[^>]*>([^<]+)</a>', html)
