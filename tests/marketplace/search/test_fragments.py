"""The results page's repeated fragments, written in Python (templatetags/search_fragments.py):
well-formed, every value escaped, the texts translated."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.template.defaultfilters import floatformat

from marketplace.accounts.models import Profile
from marketplace.search.presentation import Link, cards
from marketplace.search.query import SkillTag
from marketplace.search.templatetags.search_fragments import chips, result_card

pytestmark = pytest.mark.django_db

NASTY = '<script>alert("x")</script> & \'quotes\''
VOID = {"img", "input", "br", "meta", "link"}


class Balance(HTMLParser):
    """The open elements left at the end, and any tag closed out of order."""

    def __init__(self):
        super().__init__()
        self.open, self.problems, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.problems.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parsed(html) -> Balance:
    balance = Balance()
    balance.feed(str(html))
    balance.close()
    assert balance.open == [] and balance.problems == []
    return balance


def profile(**fields) -> Profile:
    values = {
        "pk": 1, "display_name": "Astrid Lindqvist", "slug": "astrid", "headline": "Welder", "city": "Göteborg",
        "country": "SE", "hourly_rate": 65000, "currency": "SEK", "availability": Profile.Availability.AVAILABLE_NOW,
    } | fields
    member = Profile(**values)
    member.skill_tags = [SkillTag(1, "welding", "Welding"), SkillTag(2, "tig", "TIG welding")]
    member.verified_skill_ids, member.distance_km = {1}, 12.4
    member.rating_average, member.rating_count = Decimal("4.62"), 1234
    return member


def test_a_card_shows_the_member_and_their_facts():
    (card,) = cards([profile()])
    html = str(result_card(card))

    text = " ".join(" ".join(parsed(html).text).split())
    assert html.startswith('<article class="card card--link result-card"')
    assert '<a class="card__link" href="/en/freelancers/astrid/">Astrid Lindqvist</a>' in html
    assert '<span class="avatar" aria-hidden="true">AL</span>' in html
    assert "Göteborg, Sweden · 12 km away" in text
    assert "650 SEK per hour" in text
    assert '<span class="result-card__now">Now</span>' in html
    assert '<li class="badge badge--verified">Welding <span aria-hidden="true">✓</span>' in html
    assert '<li class="badge">TIG welding</li>' in html
    assert "Verified certificates" in text
    rating = ('<dt>Rating</dt>\n    <dd class="result-card__rating">'
              '<span class="stars" aria-hidden="true">★★★★★</span> <strong>4.6</strong>'
              '<span class="visually-hidden"> out of 5</span> · 1,234 reviews</dd>')
    assert rating in html
    assert "Rating ★★★★★ 4.6 out of 5 · 1,234 reviews" in text


def test_a_card_of_a_member_without_reviews_says_so():
    member = profile()
    member.rating_average, member.rating_count = None, 0
    (card,) = cards([member])
    html = str(result_card(card))

    assert '<dt>Rating</dt>\n    <dd class="muted">No reviews yet</dd>' in html
    assert "stars" not in html


def test_a_card_without_optional_facts_leaves_them_out():
    later = datetime.date(2027, 3, 1)
    member = profile(headline="", city="", country="", hourly_rate=None,
                     availability=Profile.Availability.AVAILABLE_FROM, available_from=later)
    member.skill_tags, member.verified_skill_ids, member.distance_km = [], set(), None
    member.rating_average, member.rating_count = None, 0
    (card,) = cards([member], today=datetime.date(2026, 11, 26))
    html = str(result_card(card))

    parsed(html)
    for absent in ('<p class="muted">', "Location", "Rate", "tags", "Verified certificates", "result-card__now"):
        assert absent not in html
    assert "<dd>From 1 Mar 2027</dd>" in html


def test_every_value_of_a_card_is_escaped():
    member = profile(display_name=NASTY, headline=NASTY, city=NASTY, slug="astrid")
    member.skill_tags = [SkillTag(1, "x", NASTY)]
    (card,) = cards([member], link=lambda position, url: f"/search/click/1/{position}/?to={url}&x=\"y\"")
    html = str(result_card(card))

    parsed(html)
    assert "<script>" not in html and "'quotes'" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;") == 4
    assert 'href="/search/click/1/1/?to=/en/freelancers/astrid/&amp;x=&quot;y&quot;"' in html


def test_chips_show_counts_as_the_template_filter_would():
    links = [Link("Welding", "/en/freelancers/?skills=welding", 1234567), Link("TIG", "/t/", 5, selected=True),
             Link("All", "/en/freelancers/")]
    html = str(chips(links))

    parsed(html)
    assert f'<span class="chip__count">{floatformat(1234567, "0g")}</span>' in html
    selected = '<a class="chip chip--selected" href="/t/" aria-current="true">TIG <span class="chip__count">5</span>'
    assert selected in html
    assert '<a class="chip" href="/en/freelancers/">All</a>' in html


def test_estimated_counts_read_about():
    html = str(chips([Link("Welding", "/w/", 34000, approximate=True)]))
    assert ('<span class="chip__count"><span aria-hidden="true">~</span><span class="visually-hidden">about </span>'
            "34,000</span>") in html


def test_chips_escape_labels_and_addresses():
    html = str(chips([Link(NASTY, '/x/?a=1&b="2"', 3)]))
    parsed(html)
    assert "<script>" not in html and 'href="/x/?a=1&amp;b=&quot;2&quot;"' in html

