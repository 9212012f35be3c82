"""Two workers checking the same saved search at the same moment send one email (PostgreSQL:
the row lock is what makes the second wait and then find nothing new)."""

import threading

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection

from marketplace.accounts import services as account_services
from marketplace.accounts.models import User
from marketplace.search import services
from marketplace.search.models import SavedSearch, SavedSearchSeen

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def member(email, role, **profile):
    user = User.objects.create_user(email=email, password="x" * 12)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    account_services.member_complete_signup(user=user, role=role, display_name=email.split("@")[0])
    for field, value in profile.items():
        setattr(user.profile, field, value)
    user.profile.save()
    services.index_profile(user.profile.pk)
    return User.objects.get(pk=user.pk)


def test_two_workers_checking_one_saved_search_at_once_send_one_email():
    owner = member("client@example.com", User.Role.CLIENT)
    member("astrid@example.com", User.Role.FREELANCER, headline="Certified welder")
    saved = services.saved_search_create(
        owner=owner, name="Welders", querystring="q=welder", frequency=SavedSearch.Frequency.DAILY
    )
    bertil = member("bertil@example.com", User.Role.FREELANCER, headline="Certified welder")
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    decided = []

    def check():
        try:
            barrier.wait(timeout=10)
            decided.append(services.saved_search_check(saved_search_id=saved.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=check) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(decided, key=len) == [[], [bertil.profile.pk]]
    assert len(mail.outbox) == 1 and "bertil" in mail.outbox[0].body
    assert SavedSearchSeen.objects.filter(saved_search=saved, profile=bertil.profile).count() == 1
