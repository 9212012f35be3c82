import pytest
from django.contrib.auth.models import Group

from marketplace.accounts.models import User
from marketplace.core.storage import private_storage
from marketplace.passport import rules
from tests.marketplace.passport.helpers import stored_files
from tests.second_factor import with_second_factor


@pytest.fixture
def remove_stored_files():
    """Delete what the test stored in the private storage, so each test of the pages starts from what was there."""
    before = stored_files()
    yield
    for name in stored_files() - before:
        private_storage().delete(name)


@pytest.fixture
def as_reviewer(reviewer, logged_in):
    return logged_in(reviewer)


@pytest.fixture
def plain_staff(make_staff):
    """Staff who may use the admin (Wagtail's Editors group) but are not passport reviewers."""
    staff = make_staff(email="editor@valund.example")
    assert staff.has_perm("wagtailadmin.access_admin") and not rules.can_review(staff)
    return staff


@pytest.fixture
def staff_reviewer(make_member):
    user = make_member(User.Role.CLIENT, name="Rita Reviewer")
    User.objects.filter(pk=user.pk).update(role=User.Role.ADMIN, is_staff=True)
    user = User.objects.get(pk=user.pk)
    user.groups.add(Group.objects.get(name="Passport reviewers"))
    return with_second_factor(user)
