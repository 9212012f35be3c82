"""The results page's parts htmx asks for: only the results and what changes around them, the
whole form back for a link in the results, the whole page when history is restored."""

import re

import pytest

from .helpers import HTMX, get, names

pytestmark = pytest.mark.django_db

HTMX_LINK = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "search", "HTTP_HX_BOOSTED": "true"}


# htmx


def test_htmx_gets_only_the_results_and_what_changes_around_them(client, directory_world):
    response, html = get(client, "q=welder&near=goteborg&skills_mode=any&category=&radius=", **HTMX)

    assert "<html" not in html and "<body" not in html and "<form" not in html
    assert html.startswith("<title>Freelancers matching “welder” near Göteborg · Valund</title>")
    assert '<section id="search-results"' in html
    assert names(html) == ["Astrid Lindqvist", "Frida Ek"]
    assert '<h1 id="search-heading" data-hx-swap-oob="true">' in html
    assert ('<h2 id="search-count" class="search__count" tabindex="-1" data-hx-swap-oob="true">2 freelancers</h2>'
            in html)
    assert ('id="search-announcement" class="visually-hidden" role="status" data-hx-swap-oob="innerHTML">2 freelancers'
            in html)
    # The address bar gets the canonical search, not every empty field of the form.
    assert response["HX-Push-Url"] == "/en/freelancers/?q=welder&near=G%C3%B6teborg"
    assert {"HX-Request", "HX-Target"} <= {value.strip() for value in response["Vary"].split(",")}


def test_htmx_errors_and_notes_go_next_to_their_fields(client, directory_world):
    _, html = get(client, "near=Goteborg&radius=-4&skills=knitting", **HTMX)

    radius = re.search(r'<div id="search-radius-messages" class="search-messages" data-hx-swap-oob="true">(.*?)</div>',
                       html, re.S).group(1)
    skills = re.search(r'<div id="search-skills-messages" class="search-messages" data-hx-swap-oob="true">(.*?)</div>',
                       html, re.S).group(1)
    assert "Choose a distance from 1 to 500 km." in radius
    assert "We don&#x27;t know the skill “knitting”, so we left it out." in skills
    # Cleared messages are sent too, so an old error disappears.
    assert '<div id="search-q-messages" class="search-messages" data-hx-swap-oob="true">' in html


def test_a_link_in_the_results_gets_the_whole_form_back(client, directory_world):
    response, html = get(client, "skills=welding&page=2", **HTMX_LINK)

    assert "<html" not in html
    assert html.startswith("<title>Welding freelancers · Valund</title>")
    assert '<form id="search"' in html
    assert 'value="welding" aria-describedby="search-skills-messages" id="id_skills_0_2" checked' in html
    assert response["HX-Push-Url"] == "/en/freelancers/?skills=welding&page=2"


def test_restoring_history_gets_the_whole_page(client, directory_world):
    _, html = get(client, "q=welder", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    assert html.startswith("<!DOCTYPE html>")
