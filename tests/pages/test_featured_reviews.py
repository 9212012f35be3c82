"""The featured reviews block (pages/blocks.py): editors feature reviews in the admin, landing
pages show the newest of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.accounts.models import Profile, User, UserSkill
from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking
from marketplace.ratings import services
from marketplace.ratings.models import DIMENSIONS, ModerationDecision
from pages.blocks import FeaturedReviewsBlock
from pages.models import StandardPage
from tests.second_factor import with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return with_second_factor(User.objects.create_superuser(email="editor@valund.example",
                                                            password="not-used-here-0123"))


@pytest.fixture
def make_review(make_booking, client_user, freelancer, editor):
    """A revealed review of a freelancer by the client of a completed booking, featured unless told not to."""

    def make(*, freelancer_user=None, overall=5, text="Clean welds, finished on time.", is_public=True,
             featured=True, skills=()):
        freelancer_user = freelancer_user or freelancer
        booking = make_booking(Booking.Status.IN_PROGRESS, freelancer_user=freelancer_user, skills=skills)
        bookings.booking_mark_done(actor=freelancer_user, booking=booking)
        bookings.booking_confirm(actor=client_user, booking=booking)
        review = services.rating_submit(author=client_user, booking=booking, text=text, is_public=is_public,
                                        scores={d: overall if d == "overall" else 4 for d in DIMENSIONS})
        services.rating_submit(author=freelancer_user, booking=booking, text="A fair client, paid on time.",
                               scores=dict.fromkeys(DIMENSIONS, 5))
        if featured:
            services.rating_feature(editor=editor, rating=review, featured=True)
        review.refresh_from_db()
        return review

    return make


@pytest.fixture
def landing_page(page_tree):
    """/en/about/reviews/: a standard page that is only the block, so what it shows is the block's."""

    def build(heading="Clients about our freelancers", count=3, category=None):
        page = page_tree["about"].add_child(instance=StandardPage(
            title="Reviews", slug="reviews", body=[{"type": "featured_reviews", "value": {
                "heading": heading, "count": count, "category": category.pk if category else None}}]))
        return page.url

    return build


def test_the_block_shows_featured_reviews_with_the_freelancer_the_score_and_the_text(
    client, landing_page, make_review, freelancer
):
    make_review(overall=4, text="Welded the whole railing in two days.")

    html = client.get(landing_page()).content.decode()

    assert "<h2>Clients about our freelancers</h2>" in html
    assert "Welded the whole railing in two days." in html
    assert f'<a href="/en/freelancers/{freelancer.profile.slug}/">Astrid Lindqvist</a>' in html
    assert "Rated 4 out of 5" in html and "★★★★☆" in html


def test_only_featured_public_visible_reviews_of_public_freelancers_are_shown(
    client, landing_page, make_review, make_member, editor
):
    make_review(text="Featured and fine")
    make_review(text="Never featured", featured=False)
    hidden = make_review(text="Featured, then hidden")
    services.moderation_decide(moderator=editor, rating=hidden, action=ModerationDecision.Action.HIDE,
                               note="Fake booking")
    unfeatured = make_review(text="Featured, then unfeatured")
    services.rating_feature(editor=editor, rating=unfeatured, featured=False)
    make_review(text="Private review", featured=False, is_public=False)
    gone = make_member(name="Hidden Freelancer", hourly_rate=50000)
    make_review(freelancer_user=gone, text="About a profile now hidden")
    Profile.objects.filter(user=gone).update(visibility=Profile.Visibility.HIDDEN)

    html = client.get(landing_page()).content.decode()

    assert "Featured and fine" in html
    for text in ("Never featured", "Featured, then hidden", "Featured, then unfeatured", "Private review",
                 "About a profile now hidden", "Hidden Freelancer"):
        assert text not in html


def test_a_review_hidden_after_being_featured_disappears_from_the_page(client, landing_page, make_review, editor):
    review = make_review(text="Shown until a moderator hides it")
    url = landing_page()
    assert "Shown until a moderator hides it" in client.get(url).content.decode()

    services.moderation_decide(moderator=editor, rating=review, action=ModerationDecision.Action.HIDE,
                               note="The booking was fake.")

    assert "Shown until a moderator hides it" not in client.get(url).content.decode()


def test_html_in_a_review_is_escaped(client, landing_page, make_review):
    make_review(text='<script>alert("x")</script><b>Great</b>\nSecond line')

    html = client.get(landing_page()).content.decode()

    assert "<script>alert" not in html and "<b>Great</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;Great&lt;/b&gt;<br>Second line" in html


def test_the_block_shows_the_newest_reviews_up_to_its_count(client, landing_page, make_review):
    for n in range(4):
        make_review(text=f"Review number {n}")

    html = client.get(landing_page(count=2)).content.decode()

    assert "Review number 3" in html and "Review number 2" in html
    assert html.index("Review number 3") < html.index("Review number 2")
    assert "Review number 1" not in html and "Review number 0" not in html


def test_the_block_filters_by_the_trade_of_the_work(client, landing_page, make_review, make_member, skills,
                                                    freelancer):
    for skill in (skills["welding"], skills["python"]):
        UserSkill.objects.create(profile=freelancer.profile, skill=skill)
    make_review(text="A welding job", skills=[skills["welding"]])
    make_review(text="A Python job", skills=[skills["python"]])  # by a welder, but not welding work
    carpenter = make_member(name="Carl Carpenter", hourly_rate=50000)
    UserSkill.objects.create(profile=carpenter.profile, skill=skills["carpentry"])
    make_review(freelancer_user=carpenter, text="A job without skills, by a carpenter")

    html = client.get(landing_page(category=skills["welding"].category)).content.decode()

    assert "A welding job" in html and "A job without skills, by a carpenter" in html
    assert "A Python job" not in html


def test_the_block_is_not_shown_without_featured_reviews(client, landing_page, make_review):
    make_review(featured=False)

    html = client.get(landing_page()).content.decode()

    assert "Clients about our freelancers" not in html


def test_the_home_page_takes_the_block_too(client, page_tree, make_review):
    make_review(text="On the front page")
    home = page_tree["home"]
    home.body.append(("featured_reviews", {"heading": "What clients say", "count": 3, "category": None}))
    home.save_revision().publish()

    html = client.get("/en/").content.decode()

    assert "What clients say" in html and "On the front page" in html


def test_the_block_query_count_does_not_grow_with_the_reviews_shown(make_review, make_member, page_tree):
    block = FeaturedReviewsBlock()
    value = block.to_python({"heading": "Reviews", "count": 12, "category": None})

    def queries() -> int:
        block.render(value)  # the directory's address is looked up once, then cached
        with CaptureQueriesContext(connection) as context:
            block.render(value)
        return len(context.captured_queries)

    make_review()
    with_one = queries()
    for n in range(5):
        make_review(freelancer_user=make_member(name=f"Freelancer {n}", hourly_rate=50000))

    assert queries() == with_one == 1
    assert block.render(value).count('class="card featured-review"') == 6
