"""The design system's pattern page (/styleguide/): staff see every component; members and
visitors do not; and it reads almost nothing from the database, however much data there is."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.patterns.sections import SECTIONS
from marketplace.patterns.tokens import contrast, stylesheet_tokens

pytestmark = pytest.mark.django_db

URL = "/styleguide/"


def test_the_url_is_the_named_one():
    assert reverse("styleguide:index") == URL


def test_staff_see_every_component_with_its_heading(client, make_staff):  # noqa: F811
    client.force_login(make_staff(), backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "css/valund.css" in html  # the site's own stylesheet...
    assert '<main id="main"' in html  # ...and base template
    for section in SECTIONS:
        assert re.search(rf'<h2 id="sg-{section.key}">\s*{re.escape(section.title)}\s*</h2>', html), section.title
    # The real includes, not copies: a few of their tell-tale pieces.
    assert "field--error" in html and 'class="errorlist' in html  # includes/field.html with errors
    assert "Please correct the errors below" in html  # includes/form.html's non-field errors
    assert "Page 3 of 10" in html  # includes/pagination.html
    assert "Requested, waiting for an answer" in html and "Revision requested" in html  # status includes
    assert 'class="verified-link"' in html and 'class="card card--link result-card"' in html
    for token in ("--c-brand", "--c-focus", "--fs-2xl", "--sp-7"):
        assert token in html


@pytest.mark.parametrize("role", [User.Role.CLIENT, User.Role.FREELANCER])
def test_members_are_refused(client, make_member, role):
    client.force_login(make_member(role), backend="django.contrib.auth.backends.ModelBackend")

    assert client.get(URL).status_code == 404


def test_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_page_costs_a_small_fixed_number_of_queries(client, make_staff, make_member):  # noqa: F811
    client.force_login(make_staff(), backend="django.contrib.auth.backends.ModelBackend")
    client.get(URL)  # warm caches (the directory's URL) as any earlier page would

    with CaptureQueriesContext(connection) as before:
        assert client.get(URL).status_code == 200
    for _ in range(5):
        make_member()
    with CaptureQueriesContext(connection) as after:
        assert client.get(URL).status_code == 200

    assert len(before) == len(after)
    assert len(before) <= 8, [query["sql"] for query in before.captured_queries]


def test_contrast_follows_wcag():
    assert contrast("#000000", "#ffffff") == 21
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("var(--x)", "#ffffff") is None


def test_text_colours_meet_aa_on_their_usual_background():
    tokens = stylesheet_tokens()

    assert contrast(tokens["--c-text"], tokens["--c-bg"]) >= 4.5
    assert contrast(tokens["--c-muted"], tokens["--c-surface"]) >= 4.5
    assert contrast("#ffffff", tokens["--c-brand"]) >= 4.5


def test_the_admin_menu_links_to_it_for_superusers(client, make_staff):  # noqa: F811
    client.force_login(make_staff(superuser=True), backend="django.contrib.auth.backends.ModelBackend")

    html = client.get("/admin/").content.decode()

    assert "Design system" in html and URL in html


def test_the_admin_menu_leaves_it_out_for_editors(client, make_staff):  # noqa: F811
    client.force_login(make_staff(), backend="django.contrib.auth.backends.ModelBackend")

    html = client.get("/admin/").content.decode()

    assert "Design system" not in html


def test_the_checkbox_group_and_the_star_rating_are_the_real_includes(client, make_staff):  # noqa: F811
    client.force_login(make_staff(), backend="django.contrib.auth.backends.ModelBackend")

    html = client.get(URL).content.decode()

    picker = html[html.index('id="sg-choice-picker"'):html.index('aria-labelledby="sg-star_rating"')]
    assert "Suggested by Sara Nyström" in picker and "for Welding, TIG welding" in picker
    assert re.search(r'<details class="choice-group" open data-choice-group>\s*<summary[^>]*>Transport', picker)
    assert 'data-choice-filter hidden' in picker and "choice-filter" in html.split("</head>")[0]
    stars = html[html.index('aria-labelledby="sg-star_rating"'):]
    assert stars.count('<fieldset class="star-rating"') == 2
    assert re.search(r'name="overall" value="4"[^>]*checked', stars)
    assert "4 of 5 — Very good" in stars and "Not rated yet" in stars
