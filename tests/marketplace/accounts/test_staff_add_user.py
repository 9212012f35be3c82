"""Adding a staff member in Wagtail's user admin (issue 24, point 8): a superuser who gave the
second factor adds an editor with the role and the group; the new account has no password and a
verified address, and is emailed a link to choose one that also explains the TOTP rule; after
choosing it the admin sends them to set up TOTP. Staff without the users permission (an editor),
and a superuser without the second factor, add nobody."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from marketplace.accounts.models import User

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"


def new_editor():
    return {
        "email": "eva.editor@example.com", "first_name": "Eva", "last_name": "Editor", "role": "admin",
        "is_superuser": "", "groups": [Group.objects.get(name="Editors").pk],
    }


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def test_a_superuser_adds_an_editor_who_is_emailed_a_set_password_link_and_must_set_up_totp(
        make_staff, django_capture_on_commit_callbacks):
    admin = signed_in(make_staff(superuser=True))
    form = admin.get(reverse("wagtailusers_users:add"))
    assert form.status_code == 200
    assert "two-factor authentication" in form.text and 'name="password1"' not in form.text

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("wagtailusers_users:add"), new_editor())

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    user = User.objects.get(email="eva.editor@example.com")
    assert (user.role, user.is_staff, user.is_superuser) == (User.Role.ADMIN, True, False)
    assert [group.name for group in user.groups.all()] == ["Editors"]
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()
    [email] = mail.outbox
    assert email.to == ["eva.editor@example.com"]
    assert "choose a password" in email.subject
    assert "two-factor authentication" in email.body and "(TOTP)" in email.body
    link = re.search(r"https?://\S+/password/reset/key/\S+", email.body).group(0)

    # The link lets them choose a password, once.
    newcomer = Client()
    page = newcomer.get(link, follow=True)
    assert page.status_code == 200 and 'name="password1"' in page.text
    chosen = newcomer.post(page.redirect_chain[-1][0] if page.redirect_chain else link,
                           {"password1": "a-long-new-staff-passphrase", "password2": "a-long-new-staff-passphrase"})
    assert chosen.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-long-new-staff-passphrase")
    assert Client().get(link, follow=True).context.get("token_fail")

    # Signed in with the password alone, the admin sends them to set up TOTP first.
    member = Client()
    assert member.login(email=user.email, password="a-long-new-staff-passphrase")
    admin_home = member.get("/admin/")
    assert admin_home.status_code == 302
    assert admin_home["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("who", ["editor", "superuser without the second factor"])
def test_staff_without_the_permission_or_the_second_factor_add_nobody(who, make_staff,
                                                                     django_capture_on_commit_callbacks):
    if who == "editor":
        user = make_staff(groups=("Editors",))
    else:
        user = make_staff(superuser=True, second_factor=False)
    client = signed_in(user)

    with django_capture_on_commit_callbacks(execute=True):
        opened = client.get(reverse("wagtailusers_users:add"))
        posted = client.post(reverse("wagtailusers_users:add"), new_editor())

    assert opened.status_code in (302, 403) and posted.status_code in (302, 403)
    if opened.status_code == 302:
        assert not opened["Location"].startswith(reverse("wagtailusers_users:index"))
    assert not User.objects.filter(email="eva.editor@example.com").exists()
    assert mail.outbox == []
