"""Reads for the booking pages (selectors.py)."""

import pytest

from marketplace.bookings import selectors
from marketplace.passport.models import CompetenceTemplate

pytestmark = pytest.mark.django_db


def test_suggested_documents_follow_the_chosen_skills(hot_work, skills):
    CompetenceTemplate.objects.create(name="Retired type", slug="retired", is_active=False).skills.set(
        [skills["welding"]])

    assert selectors.suggested_documents([skills["welding"]]) == [hot_work]
    assert selectors.suggested_documents([skills["python"]]) == []
