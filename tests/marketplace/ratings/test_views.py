"""The rating pages through the real views: both parties rating a completed booking, the blind
reveal as visitors see it, bad input answered with messages and nothing saved, answering and
reporting once, htmx partials next to whole pages, and who may open what."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from marketplace.bookings.models import Booking
from marketplace.ratings import services
from marketplace.ratings.models import Rating, RatingFlag, RatingResponse
from tests.clients import as_user, messages_of
from tests.marketplace.ratings.helpers import FAIR, GOOD, profile_url

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def rate_url(booking) -> str:
    return f"/ratings/bookings/{booking.pk}/"


def form_data(scores=GOOD, **overrides) -> dict:
    data = {key: str(value) for key, value in scores.items()}
    data.update(text="Clean welds, on time.", private_note="", visibility="public")
    data.update(overrides)
    return data


def follow(client, response):
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"])


@pytest.fixture
def revealed(completed):
    services.rating_submit(author=completed.client, booking=completed, scores=GOOD, text="Great welds.")
    services.rating_submit(author=completed.freelancer, booking=completed, scores=FAIR, text="Clear drawings.")
    return Rating.objects.get(author=completed.client)


# --- The form's whole path ---------------------------------------------------------------------


@pytest.mark.usefixtures("page_tree")
def test_both_parties_rate_and_the_profile_shows_the_review_only_after_both(completed):
    as_client, as_freelancer, visitor = as_user(completed.client), as_user(completed.freelancer), Client()

    # The booking page sends the client to the form, which asks for five scores as fieldsets.
    booking_page = as_client.get(completed.get_absolute_url()).content.decode()
    assert f'href="{rate_url(completed)}"' in booking_page and "Rate Astrid Lindqvist by" in booking_page
    page = as_client.get(rate_url(completed))
    html = page.content.decode()
    assert page.status_code == 200 and "Rate Astrid Lindqvist" in html
    # Five scores as star ratings, each a fieldset of five radios named "4 of 5 — Very good".
    assert html.count('<fieldset class="star-rating"') == 5 and "<legend>Overall</legend>" in html
    assert html.count('type="radio" name="overall"') == 5
    assert re.search(r'<label class="star-rating__star" for="id_overall_3"><input type="radio" name="overall" '
                     r'value="4"[^>]*>.*?<span class="visually-hidden">4 of 5 — Very good</span></label>', html)
    assert html.count('class="star-rating__says star-rating__says--0" aria-hidden="true">Not rated yet<') == 5
    assert re.search(r'value="public"[^>]*checked', html)  # public by default

    # The client rates: saved, hidden from the freelancer and from visitors.
    response = as_client.post(rate_url(completed), form_data(text="Great welds.\nWould book again."))
    assert "shown when Astrid Lindqvist has written theirs" in messages_of(follow(as_client, response))[0]
    rating = Rating.objects.get()
    assert (rating.author, rating.overall, rating.is_public, rating.revealed_at) == (completed.client, 5, True, None)
    assert "Great welds." not in visitor.get(profile_url(completed.freelancer)).content.decode()
    theirs = as_freelancer.get(rate_url(completed)).content.decode()
    assert "Nordbygg AB has written a review of you" in theirs and "Great welds." not in theirs

    # Before the reveal the client may change it: the form comes back filled in.
    again = as_client.get(rate_url(completed)).content.decode()
    assert "cannot see your review yet" in again and "Great welds." in again and "Save changes" in again
    response = as_client.post(rate_url(completed), form_data(overall="4", text="Great welds.\nWould book again!"))
    assert messages_of(follow(as_client, response)) == ["Your changes are saved."]
    rating.refresh_from_db()
    assert rating.overall == 4 and rating.text.endswith("again!") and rating.revealed_at is None

    # The freelancer rates the client: both reviews are revealed.
    response = as_freelancer.post(rate_url(completed), form_data(FAIR, text="Clear drawings."))
    assert messages_of(follow(as_freelancer, response)) == ["Thank you. Both reviews are now visible to you both."]
    rating.refresh_from_db()
    assert rating.revealed_at is not None

    profile = visitor.get(profile_url(completed.freelancer)).content.decode()
    assert "<p>Great welds.<br>Would book again!</p>" in profile and "from 1 review" in profile
    mine = as_client.get(rate_url(completed)).content.decode()
    assert "can no longer be changed" in mine and "Clear drawings." in mine
    assert f'<form method="post" action="{rate_url(completed)}"' not in mine

    # After the reveal a change is refused, and nothing changes.
    response = as_client.post(rate_url(completed), form_data(overall="1", text="Changed my mind."))
    assert response.status_code == 422 and "can no longer be changed" in response.content.decode()
    rating.refresh_from_db()
    assert rating.overall == 4 and rating.text.endswith("again!")
    assert "Both reviews are shown" in as_client.get(completed.get_absolute_url()).content.decode()


def test_notifications_lead_to_the_rating_page(completed):
    as_user(completed.client).post(rate_url(completed), form_data())
    notification = completed.freelancer.notifications.get(kind="rating_reminder")
    assert notification.url == rate_url(completed)
    as_user(completed.freelancer).post(rate_url(completed), form_data(FAIR))
    assert completed.freelancer.notifications.get(kind="rating_received").url == rate_url(completed)


@pytest.mark.usefixtures("page_tree")
def test_a_private_review_counts_but_only_the_rated_member_reads_it(completed):
    as_user(completed.client).post(rate_url(completed), form_data(text="Private words.", visibility="private",
                                                                  private_note="For Valund only."))
    as_user(completed.freelancer).post(rate_url(completed), form_data(FAIR))
    rating = Rating.objects.get(author=completed.client)
    assert rating.is_public is False and rating.private_note == "For Valund only."

    profile = Client().get(profile_url(completed.freelancer)).content.decode()
    assert "Private words." not in profile and "from 1 review" in profile
    received = as_user(completed.freelancer).get("/ratings/mine/").content.decode()
    assert "Private words." in received and "Private</span>" in received
    assert "For Valund only." not in received and "/answer/" not in received
    written = as_user(completed.client).get(rate_url(completed)).content.decode()
    assert "For Valund only." in written


def test_the_freelancer_sees_the_client_rating_on_the_booking_page(completed, request_booking):
    services.rating_submit(author=completed.client, booking=completed, scores=GOOD)
    services.rating_submit(author=completed.freelancer, booking=completed, scores=FAIR)
    html = as_user(completed.freelancer).get(completed.get_absolute_url()).content.decode()
    assert "Nordbygg AB: 3.8 from 1 review by freelancers" in html  # (5 × 4.0 + 3) / 6
    assert "by freelancers" not in as_user(completed.client).get(completed.get_absolute_url()).content.decode()


# --- Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "6", "abc", "", "4.5", "-1"])
def test_scores_outside_one_to_five_are_refused_and_nothing_is_saved(completed, value):
    response = as_user(completed.client).post(rate_url(completed), form_data(overall=value))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Your review was not saved." in html and "Choose a score from 1 to 5." in html
    assert "Clean welds, on time." in html  # what was written is kept
    assert not Rating.objects.exists()


def test_a_missing_score_is_refused(completed):
    data = form_data()
    del data["quality"]
    response = as_user(completed.client).post(rate_url(completed), data)
    assert response.status_code == 422 and "Choose a score from 1 to 5." in response.content.decode()
    assert not Rating.objects.exists()


@pytest.mark.parametrize("field, limit", [("text", 5000), ("private_note", 2000)])
def test_very_long_text_is_refused_with_its_length(completed, field, limit):
    response = as_user(completed.client).post(rate_url(completed), form_data(**{field: "x" * (limit + 1)}))
    html = response.content.decode()
    assert response.status_code == 422
    assert f"Keep it to {limit:,} characters (it has {limit + 1:,})." in html
    assert not Rating.objects.exists()


@pytest.mark.usefixtures("page_tree")
def test_html_in_the_review_is_shown_as_text(completed):
    text = '<script>alert("x")</script><b onmouseover="x()">bold</b>'
    as_user(completed.client).post(rate_url(completed), form_data(text=text))
    as_user(completed.freelancer).post(rate_url(completed), form_data(FAIR, text="<img src=x onerror=alert(1)>"))

    profile = Client().get(profile_url(completed.freelancer)).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b onmouseover=" in profile
    assert '<script>alert("x")' not in profile and "<b onmouseover" not in profile
    page = as_user(completed.client).get(rate_url(completed)).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page


def test_a_bad_visibility_is_refused(completed):
    response = as_user(completed.client).post(rate_url(completed), form_data(visibility="everyone"))
    assert response.status_code == 422 and "Choose public or private." in response.content.decode()
    assert not Rating.objects.exists()


def test_rating_before_completion_is_refused_with_a_message(in_progress):
    page = as_user(in_progress.client).get(rate_url(in_progress)).content.decode()
    assert "You can rate a booking once it is completed." in page and 'name="overall"' not in page
    response = as_user(in_progress.client).post(rate_url(in_progress), form_data())
    assert response.status_code == 422
    assert "You can rate a booking once it is completed." in response.content.decode()
    assert not Rating.objects.exists()


def test_rating_after_the_window_is_refused_with_a_message(completed, settings):
    Booking.objects.filter(pk=completed.pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=settings.RATING_WINDOW_DAYS + 1))
    page = as_user(completed.freelancer).get(rate_url(completed)).content.decode()
    assert "The time to rate this booking ended on" in page and 'name="overall"' not in page
    response = as_user(completed.freelancer).post(rate_url(completed), form_data())
    assert response.status_code == 422 and "The time to rate this booking ended on" in response.content.decode()
    assert not Rating.objects.exists()


# --- Who may open what ---------------------------------------------------------------------------


def _urls(booking, rating):
    return [
        ("get", rate_url(booking), {}),
        ("post", rate_url(booking), form_data()),
        ("post", f"/ratings/reviews/{rating.pk}/answer/", {"text": "Hi"}),
        ("post", f"/ratings/reviews/{rating.pk}/report/", {"reason": "spam"}),
        ("get", "/ratings/mine/", {}),
    ]


def test_a_visitor_is_sent_to_log_in_on_every_member_url(revealed):
    for method, url, data in _urls(revealed.booking, revealed):
        response = getattr(Client(), method)(url, data)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    assert not RatingResponse.objects.exists() and not RatingFlag.objects.exists()


def test_a_third_member_gets_404_for_the_booking_and_cannot_answer(revealed, stranger):
    as_stranger = as_user(stranger)
    assert as_stranger.get(rate_url(revealed.booking)).status_code == 404
    assert as_stranger.post(rate_url(revealed.booking), form_data()).status_code == 404
    assert as_stranger.post(f"/ratings/reviews/{revealed.pk}/answer/", {"text": "Me too"}).status_code == 404
    # The author cannot answer their own review either.
    assert as_user(revealed.author).post(f"/ratings/reviews/{revealed.pk}/answer/", {"text": "Hm"}).status_code == 404
    mine = as_stranger.get("/ratings/mine/").content.decode()
    assert "Great welds." not in mine and "No reviews of you yet." in mine
    assert Rating.objects.filter(author=stranger).count() == 0 and not RatingResponse.objects.exists()


def test_reviews_not_yet_revealed_cannot_be_answered_or_reported(completed, stranger):
    rating = services.rating_submit(author=completed.client, booking=completed, scores=GOOD, text="Hidden yet.")
    assert as_user(completed.freelancer).post(f"/ratings/reviews/{rating.pk}/answer/", {"text": "x"}).status_code == 404
    assert as_user(stranger).post(f"/ratings/reviews/{rating.pk}/report/", {"reason": "spam"}).status_code == 404
    assert "Hidden yet." not in as_user(completed.freelancer).get("/ratings/mine/").content.decode()


def test_answer_and_report_forms_take_only_post(revealed):
    member = as_user(revealed.subject)
    assert member.get(f"/ratings/reviews/{revealed.pk}/answer/").status_code == 405
    assert member.get(f"/ratings/reviews/{revealed.pk}/report/").status_code == 405


# --- Answer and report -------------------------------------------------------------------------


@pytest.mark.usefixtures("page_tree")
def test_the_rated_member_answers_once(revealed):
    member = as_user(revealed.subject)
    url = f"/ratings/reviews/{revealed.pk}/answer/"
    back = profile_url(revealed.subject)

    empty = member.post(url, {"text": "  ", "next": back})
    assert messages_of(follow(member, empty)) == ["Write something first."]
    response = member.post(url, {"text": "Thank you <3\nSee you.", "next": back})
    assert response["Location"] == back
    page = follow(member, response)
    assert messages_of(page) == ["Your answer is published under the review."]
    assert "Answer from Astrid Lindqvist" in page.content.decode()
    assert "<p>Thank you &lt;3<br>See you.</p>" in Client().get(back).content.decode()

    twice = member.post(url, {"text": "Again", "next": back})
    assert messages_of(follow(member, twice)) == ["You have already answered this review."]
    assert RatingResponse.objects.get().text == "Thank you <3\nSee you."


def test_answer_redirects_only_to_this_site(revealed):
    response = as_user(revealed.subject).post(f"/ratings/reviews/{revealed.pk}/answer/",
                                              {"text": "Thanks", "next": "https://evil.example/"})
    assert response["Location"] == "/ratings/mine/"


@pytest.mark.usefixtures("page_tree")
def test_a_member_reports_a_review_once(revealed, stranger):
    member = as_user(stranger)
    url = f"/ratings/reviews/{revealed.pk}/report/"
    back = profile_url(revealed.subject)

    bad = member.post(url, {"reason": "boring", "next": back})
    assert messages_of(follow(member, bad)) == ["Choose why the review should be looked at."]
    first = member.post(url, {"reason": "off_topic", "comment": "Not about welding.", "next": back})
    page = follow(member, first)
    assert messages_of(page) == ["Thank you: a moderator will look at the review."]
    assert "You reported this review" in page.content.decode()
    twice = member.post(url, {"reason": "spam", "next": back})
    assert messages_of(follow(member, twice)) == ["You have already reported this review; a moderator will look at it."]
    flag = RatingFlag.objects.get()
    assert (flag.flagged_by, flag.reason, flag.comment) == (stranger, "off_topic", "Not about welding.")


def test_the_author_cannot_report_their_own_review(revealed):
    author = as_user(revealed.author)
    response = author.post(f"/ratings/reviews/{revealed.pk}/report/", {"reason": "spam"})
    assert messages_of(follow(author, response)) == ["This is your own review: change it by contacting Valund."]
    assert not RatingFlag.objects.exists()


def test_reports_are_rate_limited(revealed, make_member, settings):
    settings.VALUND_RATE_LIMITS = {**settings.VALUND_RATE_LIMITS, "flag": "1/h/user"}
    member = as_user(make_member())
    member.post(f"/ratings/reviews/{revealed.pk}/report/", {"reason": "spam"})
    assert member.post(f"/ratings/reviews/{revealed.pk}/report/", {"reason": "spam"}).status_code == 429


# --- htmx ----------------------------------------------------------------------------------------


def test_answer_with_htmx_redraws_the_review(revealed):
    member = as_user(revealed.subject)
    url = f"/ratings/reviews/{revealed.pk}/answer/"

    response = member.post(url, {"text": "Thanks!", "next": "/ratings/mine/"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert html.lstrip().startswith(f'<article class="review stack" id="review-{revealed.pk}"')
    assert "Your answer is published under the review." in html and "Answer from" in html
    assert "/answer/" not in html  # answered: no form any more

    again = member.post(url, {"text": "Again"}, **HTMX)
    assert again.status_code == 422 and "You have already answered this review." in again.content.decode()
    assert 'role="alert"' in again.content.decode()


def test_report_with_htmx_redraws_the_review(revealed, stranger):
    member = as_user(stranger)
    url = f"/ratings/reviews/{revealed.pk}/report/"
    bad = member.post(url, {"reason": ""}, **HTMX)
    assert bad.status_code == 422 and "Choose why the review should be looked at." in bad.content.decode()
    assert "<details class=\"review__action\" open>" in bad.content.decode()
    response = member.post(url, {"reason": "spam"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Thank you: a moderator will look at the review." in html and "You reported this review" in html


# --- The member's reviews and the dashboard ------------------------------------------------------


def test_my_reviews_lists_received_and_written(revealed):
    client_page = as_user(revealed.author)
    received = client_page.get("/ratings/mine/").content.decode()
    assert "Clear drawings." in received and "Great welds." not in received
    written = client_page.get("/ratings/mine/?show=written").content.decode()
    assert "Great welds." in written and "Your review of Astrid Lindqvist" in written


def test_dashboards_list_the_bookings_still_to_rate_with_the_window_end(completed, settings):
    closes = (completed.completed_at + datetime.timedelta(days=settings.RATING_WINDOW_DAYS))
    for member in (completed.client, completed.freelancer):
        html = as_user(member).get("/dashboard/").content.decode()
        assert "1 booking to rate" in html and f'href="{rate_url(completed)}"' in html
        assert f"until {date_format(timezone.localtime(closes), 'DATE_FORMAT')}." in html
        assert "0 about you, 0 written by you." in html
    as_user(completed.client).post(rate_url(completed), form_data())
    html = as_user(completed.client).get("/dashboard/").content.decode()
    assert "booking to rate" not in html and "0 about you, 1 written by you." in html
