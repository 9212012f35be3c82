import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.urls import reverse

from marketplace.accounts.models import Profile, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    user = User.objects.create_superuser(email="root@example.com", password="a-long-admin-passphrase")
    TOTP.activate(user, generate_totp_secret())
    return user


def test_superuser_made_on_the_command_line_is_an_admin_with_a_profile(db):
    call_command("createsuperuser", email="ops@example.com", interactive=False, verbosity=0)

    user = User.objects.get(email="ops@example.com")
    assert user.role == User.Role.ADMIN
    assert Profile.objects.filter(user=user).exists()


def test_staff_create_an_admin_in_the_wagtail_user_admin(client, superuser):
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(
        reverse("wagtailusers_users:add"),
        {"email": "editor@example.com", "first_name": "Eva", "last_name": "Editor", "role": "admin",
         "is_superuser": "", "groups": []},
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    user = User.objects.get(email="editor@example.com")
    assert (user.role, user.is_staff) == (User.Role.ADMIN, True)
    assert Profile.objects.get(user=user).display_name == "Eva Editor"


def test_staff_change_a_members_role_in_the_admin(client, superuser, make_member):
    member = make_member(User.Role.FREELANCER)
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(
        reverse("wagtailusers_users:edit", args=[member.pk]),
        {"email": member.email, "first_name": "Mia", "last_name": "Member", "role": "client", "is_active": "on",
         "groups": []},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.is_staff) == (User.Role.CLIENT, False)
