import threading

import pytest
from django.db import connection

from marketplace.accounts import services
from marketplace.accounts.models import Profile, Skill, SkillCategory, User, UserSkill
from marketplace.accounts.selectors import own_profile_get

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(count, work):
    barrier = threading.Barrier(count)
    errors = []

    def target():
        try:
            barrier.wait(timeout=10)
            work()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def test_double_submitted_skill_is_stored_once_without_an_error():
    user = User.objects.create_user(email="racer@example.com", password="x" * 12)
    services.member_complete_signup(user=user, role=User.Role.FREELANCER, display_name="Racer")
    skill = Skill.objects.create(
        name="Welding", slug="welding", category=SkillCategory.objects.create(name="Construction", slug="c")
    )

    def add():
        profile = own_profile_get(user=user)
        services.skill_add(actor=user, profile=profile, skill=skill, level=3, years=2)

    errors = run_together(4, add)

    assert errors == []
    assert UserSkill.objects.filter(profile=Profile.objects.get(user=user), skill=skill).count() == 1
