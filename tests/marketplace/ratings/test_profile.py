"""Ratings on the public profile: the summary and its explanation, the reviews page by page,
what visitors and members see, and a query count that does not grow with the reviews."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.accounts.models import Profile, User
from marketplace.ratings import services, statistics
from marketplace.ratings.models import Rating
from tests.clients import as_user
from tests.marketplace.ratings.helpers import FAIR, GOOD, profile_url

pytestmark = pytest.mark.django_db


def reviews_url(user, page=None) -> str:
    return f"/en/ratings/members/{user.profile.slug}/reviews/" + (f"?page={page}" if page else "")


def bulk_reviews(booking, count: int, *, overall=lambda n: 1 + n % 5, text="Review number {n}.", public=True):
    """`count` revealed reviews of the booking's freelancer by as many authors, newest last,
    created in bulk and counted by a recomputation (as `recompute_ratings --fix` does)."""
    tag = Rating.objects.count()
    authors = User.objects.bulk_create([
        User(email=f"author{tag}-{n}@example.com", role=User.Role.CLIENT) for n in range(count)])
    Profile.objects.bulk_create([
        Profile(user=author, display_name=f"Author {n}", slug=f"author-{tag}-{n}") for n, author in enumerate(authors)])
    start = timezone.now() - datetime.timedelta(days=1)
    Rating.objects.bulk_create([
        Rating(booking=booking, author=author, subject=booking.freelancer, direction=Rating.Direction.OF_FREELANCER,
               overall=overall(n), communication=4, quality=5, timeliness=3, professionalism=4,
               text=text.format(n=n), is_public=public(n) if callable(public) else public,
               revealed_at=start + datetime.timedelta(seconds=n))
        for n, author in enumerate(authors)])
    statistics.recompute(fix=True)


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.usefixtures("page_tree")
def test_profile_queries_do_not_grow_with_the_reviews(completed, make_member, request_booking):
    other = make_member(name="Busy Welder", hourly_rate=65000)
    busy = request_booking(freelancer_user=other)
    bulk_reviews(completed, 1)
    bulk_reviews(busy, 500)
    visitor = Client()
    visitor.get(profile_url(completed.freelancer))  # warm the site-root and directory-URL caches

    one, response_one = _count_queries(visitor, profile_url(completed.freelancer))
    many, response_many = _count_queries(visitor, profile_url(other))

    assert one == many
    assert "from 1 review" in response_one.content.decode()
    html = response_many.content.decode()
    assert "from 500 reviews" in html and html.count('class="review stack"') == 10
    # The profile page's own (tests/pages/test_profile_page.py) plus two: the statistics and
    # one page of reviews with their authors and answers.
    assert many <= 12

    member = as_user(make_member())
    member.get(profile_url(completed.freelancer))
    one_member, _ = _count_queries(member, profile_url(completed.freelancer))
    many_member, _ = _count_queries(member, profile_url(other))
    assert one_member == many_member


def test_reviews_page_queries_do_not_grow_either(completed, make_member, request_booking):
    bulk_reviews(completed, 12)
    Client().get(reviews_url(completed.freelancer))  # warm the directory-URL cache
    few, _ = _count_queries(Client(), reviews_url(completed.freelancer, 2))
    other = make_member(name="Busy Welder", hourly_rate=65000)
    bulk_reviews(request_booking(freelancer_user=other), 300)
    many, _ = _count_queries(Client(), reviews_url(other, 2))
    assert few == many


@pytest.mark.usefixtures("page_tree")
def test_summary_shows_the_score_its_parts_and_how_it_is_made(completed):
    bulk_reviews(completed, 4, overall=lambda n: [5, 5, 4, 1][n])  # 15 stars from 4 reviews

    html = Client().get(profile_url(completed.freelancer)).content.decode()

    score = statistics.bayesian(15, 4)  # (5 × 4.0 + 15) / 9 = 3.889
    assert str(score) == "3.889"
    assert '<span class="rating-score__value">3.9</span>' in html
    assert "from 4 reviews" in html
    assert "(5 × 4.0 + 15) ÷ (5 + 4) = 3.89" in html
    assert "4 reviews (3.75)" in html  # the plain average, for comparison
    assert "with 5 imagined reviews of 4.0 stars" in html
    for label, average in [("Overall", "3.8"), ("Communication", "4.0"), ("Quality", "5.0"),
                           ("Timeliness", "3.0"), ("Professionalism", "4.0")]:
        assert re.search(rf"<dt>{label}</dt>\s*<dd>.*?{re.escape(average)} out of 5</dd>", html, re.S)
    rows = re.findall(r'distribution__label">(\d) stars?</span>.*?bar--w(\d+)".*?(\d+) reviews? \((\d+)%\)', html, re.S)
    assert rows == [("5", "50", "2", "50"), ("4", "25", "1", "25"), ("3", "0", "0", "0"), ("2", "0", "0", "0"),
                    ("1", "25", "1", "25")]
    assert 'style="' not in html[html.index('id="reviews"'):]


def test_a_single_review_in_many_still_shows_a_bar(completed):
    bulk_reviews(completed, 60, overall=lambda n: 1 if n == 0 else 5)
    html = Client().get(reviews_url(completed.freelancer)).content.decode()
    assert re.search(r'1 star</span>\s*<span class="bar" aria-hidden="true"><span class="bar__fill bar--w5">', html)


@pytest.mark.usefixtures("page_tree")
def test_no_reviews_says_so_and_how_they_come(completed):
    html = Client().get(profile_url(completed.freelancer)).content.decode()
    assert "No reviews yet." in html and "rating-score" not in html


@pytest.mark.usefixtures("page_tree")
def test_reviews_newest_first_ten_a_page_with_more_by_htmx_or_plain_link(completed):
    bulk_reviews(completed, 23)
    visitor = Client()

    html = visitor.get(profile_url(completed.freelancer)).content.decode()
    shown = re.findall(r"Review number (\d+)\.", html)
    assert shown == [str(n) for n in range(22, 12, -1)]
    more = f'href="{reviews_url(completed.freelancer, 2)}"'
    assert more in html and f'data-hx-get="{reviews_url(completed.freelancer, 2)}"' in html
    assert 'data-hx-swap="outerHTML"' in html

    partial = visitor.get(reviews_url(completed.freelancer, 2), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "HX-Request" in partial["Vary"]
    body = partial.content.decode()
    assert "<html" not in body and "rating-summary" not in body
    assert re.findall(r"Review number (\d+)\.", body) == [str(n) for n in range(12, 2, -1)]
    assert body.lstrip().startswith("<li>") and "autofocus" in body
    assert f'href="{reviews_url(completed.freelancer, 3)}"' in body

    last = visitor.get(reviews_url(completed.freelancer, 3), HTTP_HX_REQUEST="true").content.decode()
    assert re.findall(r"Review number (\d+)\.", last) == ["2", "1", "0"] and "More reviews" not in last

    page = visitor.get(reviews_url(completed.freelancer, 2))  # without JavaScript: a whole page
    text = page.content.decode()
    assert "<html" in text and "Reviews of Astrid Lindqvist" in text
    assert re.findall(r"Review number (\d+)\.", text) == [str(n) for n in range(12, 2, -1)]
    assert f'href="{reviews_url(completed.freelancer, 1)}"' in text and "Newer reviews" in text


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999"])
def test_odd_page_numbers_answer_the_first_or_an_empty_page(completed, page):
    bulk_reviews(completed, 3)
    response = Client().get(f"{reviews_url(completed.freelancer)}?page={page}")
    assert response.status_code == 200


@pytest.mark.usefixtures("page_tree")
def test_private_and_hidden_reviews_count_or_not_but_are_not_shown(completed):
    bulk_reviews(completed, 3, public=lambda n: n != 1)
    Rating.objects.filter(text="Review number 2.").update(hidden=True)
    statistics.recompute(fix=True)

    html = Client().get(profile_url(completed.freelancer)).content.decode()

    assert "from 2 reviews" in html  # the private one counts, the hidden one does not
    assert re.findall(r"Review number (\d+)\.", html) == ["0"]


def test_reviews_of_clients_have_no_public_page(completed):
    assert Client().get(f"/en/ratings/members/{completed.client.profile.slug}/reviews/").status_code == 404
    assert Client().get("/en/ratings/members/nobody/reviews/").status_code == 404


@pytest.mark.usefixtures("page_tree")
def test_visitor_sees_no_forms_and_members_see_report_but_only_the_rated_answer(completed, stranger):
    services.rating_submit(author=completed.client, booking=completed, scores=GOOD, text="Great welds.")
    services.rating_submit(author=completed.freelancer, booking=completed, scores=FAIR)
    url = profile_url(completed.freelancer)

    visitor = Client().get(url).content.decode()
    assert "Great welds." in visitor
    assert "<form" not in visitor[visitor.index('id="reviews"'):]

    member = as_user(stranger).get(url).content.decode()
    assert "/report/" in member and "/answer/" not in member

    rated = as_user(completed.freelancer).get(url).content.decode()
    assert "/report/" in rated and "/answer/" in rated

    author = as_user(completed.client).get(url).content.decode()
    assert "/report/" not in author and "/answer/" not in author
