"""Only reviews the featured-reviews block can show are offered for featuring (issue 24, point 6):
a review of a client or one with an open flag is not; and an empty block tells the editor in the
preview why it shows nothing, while visitors see nothing of it."""

import pytest

from marketplace.core.errors import DomainError
from marketplace.ratings import services
from marketplace.ratings.models import Rating
from pages.models import StandardPage
from tests.clients import text_of
from tests.marketplace.ratings.helpers import QUEUE, Action, decide, url

pytestmark = pytest.mark.django_db


def review_of_client(review) -> Rating:
    return Rating.objects.get(booking=review.booking, direction=Rating.Direction.OF_CLIENT)


def test_a_review_of_a_client_is_not_offered_and_cannot_be_featured(as_moderator, moderator, make_review):
    of_client = review_of_client(make_review())

    assert url("feature", of_client) not in text_of(as_moderator.get(url("review", of_client)))
    with pytest.raises(DomainError, match="Only reviews of freelancers can be featured"):
        services.rating_feature(editor=moderator, rating=of_client, featured=True)
    response = as_moderator.post(url("feature", of_client), {"featured": "1"}, follow=True)
    assert "Only reviews of freelancers can be featured" in text_of(response)
    of_client.refresh_from_db()
    assert not of_client.featured


def test_a_flagged_review_is_offered_only_once_the_flag_is_decided(as_moderator, moderator, make_review, flag):
    review = make_review(overall=5)
    flag(review)
    listing = f"{QUEUE}?show=reviews"

    assert url("feature", review) not in text_of(as_moderator.get(listing))
    assert url("feature", review) not in text_of(as_moderator.get(url("review", review)))
    with pytest.raises(DomainError, match="open flag"):
        services.rating_feature(editor=moderator, rating=review, featured=True)

    decide(as_moderator, review, Action.KEEP, note="Fair criticism.")

    assert url("feature", review) in text_of(as_moderator.get(listing))
    services.rating_feature(editor=moderator, rating=review, featured=True)


def reviews_page(page_tree) -> StandardPage:
    return page_tree["home"].add_child(instance=StandardPage(
        title="Reviews", slug="reviews", introduction="What clients say.",
        body=[{"type": "featured_reviews", "value": {"heading": "What clients say", "count": 3, "category": None}}]))


def test_an_empty_featured_reviews_block_tells_the_editor_in_the_preview_and_visitors_see_nothing(page_tree,
                                                                                                client):
    page = reviews_page(page_tree)

    preview = page.make_preview_request()
    assert preview.status_code == 200
    preview.render()
    assert "data-editor-note" in preview.content.decode()
    assert "no featured review can be shown" in preview.content.decode()

    live = client.get(page.url).content.decode()
    assert "data-editor-note" not in live and "What clients say</h2>" not in live


def test_a_featured_review_shows_in_the_block_and_no_note(page_tree, client, moderator, make_review):
    review = make_review(text="Clean welds, finished on time.")
    services.rating_feature(editor=moderator, rating=review, featured=True)
    page = reviews_page(page_tree)

    preview = page.make_preview_request()
    preview.render()
    html = preview.content.decode()
    assert "Clean welds, finished on time." in html and "data-editor-note" not in html
