import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from marketplace.accounts.models import Profile, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signup(client, *, role, email, name="Maja Berg", company="", **headers):
    return client.post(
        reverse("account_signup"),
        {"role": role, "display_name": name, "company_name": company, "email": email,
         "password1": PASSWORD, "password2": PASSWORD},
        **headers,
    )


def emailed_code(message) -> str:
    match = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.M)
    assert match, message.body
    return match.group(1)


@pytest.mark.parametrize("role", [User.Role.FREELANCER, User.Role.CLIENT])
def test_signup_creates_member_with_role_profile_and_sends_verification(client, role):
    response = signup(client, role=role, email="Maja@Example.com", company="Berg Bygg AB")

    assert response.status_code == 302
    user = User.objects.get(email__iexact="maja@example.com")
    assert user.role == role
    assert not user.email_verified
    profile = Profile.objects.get(user=user)
    assert profile.display_name == "Maja Berg"
    assert profile.slug == "maja-berg"
    assert profile.company_name == ("Berg Bygg AB" if role == User.Role.CLIENT else "")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]


def test_the_emailed_code_marks_member_verified_and_signs_them_in(client):
    signup(client, role=User.Role.FREELANCER, email="ola@example.com")

    response = client.post(reverse("account_email_verification_sent"), {"code": emailed_code(mail.outbox[0])})

    assert response.status_code == 302 and response.url == reverse("dashboard:index")
    user = User.objects.get(email="ola@example.com")
    assert user.email_verified
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_cannot_choose_admin_role(client):
    response = signup(client, role="admin", email="sneaky@example.com")

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="sneaky@example.com").exists()


def test_signup_requires_a_name_and_keeps_typed_values(client):
    response = signup(client, role=User.Role.CLIENT, email="anon@example.com", name="   ")

    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors
    assert 'value="anon@example.com"' in response.content.decode()
    assert not User.objects.filter(email="anon@example.com").exists()


def test_duplicate_email_makes_no_second_account(client, freelancer):
    # Answered as a new address would be, so signup does not tell who is registered
    # (test_signup_verification.py); the owner is emailed instead.
    response = signup(client, role=User.Role.CLIENT, email=freelancer.email.upper())

    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact=freelancer.email).count() == 1
    assert [m.to for m in mail.outbox] == [[freelancer.email]]


def test_login_with_email_and_password(client, freelancer):
    response = client.post(reverse("account_login"), {"login": freelancer.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("dashboard:index")
    assert client.get(reverse("dashboard:index")).status_code == 200


def test_login_with_wrong_password_is_refused(client, freelancer):
    response = client.post(reverse("account_login"), {"login": freelancer.email, "password": "wrong-password"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited_even_for_the_right_password(client, freelancer):
    for i in range(5):
        client.post(reverse("account_login"), {"login": freelancer.email, "password": f"wrong-{i}"})

    # allauth allows 5 failures per 5 minutes for one account; then even the right password is refused.
    response = client.post(reverse("account_login"), {"login": freelancer.email, "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signups_are_rate_limited_per_ip(client):
    statuses = []
    for i in range(21):
        statuses.append(signup(client, role=User.Role.CLIENT, email=f"bot{i}@example.com").status_code)
        client.logout()

    # 20 signups a minute from one address, then 429.
    assert statuses == [302] * 20 + [429]
    assert User.objects.filter(email__startswith="bot").count() == 20


def test_logout(client, logged_in, freelancer):
    logged_in(freelancer)
    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert client.get(reverse("dashboard:index")).status_code == 302


def test_password_reset_mail_and_change(client, freelancer):
    response = client.post(reverse("account_reset_password"), {"email": freelancer.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new_password = "a-brand-new-passphrase-42"
    client.post(action, {"password1": new_password, "password2": new_password})

    freelancer.refresh_from_db()
    assert freelancer.check_password(new_password)


def test_dashboard_requires_login(client):
    response = client.get(reverse("dashboard:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "text"),
    [(User.Role.FREELANCER, "Manage skills"), (User.Role.CLIENT, "Find freelancers")],
)
def test_dashboard_per_role(client, logged_in, make_member, role, text):
    logged_in(make_member(role))

    response = client.get(reverse("dashboard:index"))

    assert response.status_code == 200
    assert text in response.content.decode()


def test_unverified_member_is_told_to_confirm_and_is_not_listed_publicly(client, logged_in, make_member):
    member = make_member(User.Role.FREELANCER, verified=False, name="Unverified Ulla")
    logged_in(member)

    dashboard = client.get(reverse("dashboard:index")).content.decode()

    assert "Confirm your email address" in dashboard and "Not visible yet" in dashboard
    assert not Profile.objects.for_public_display().filter(user=member).exists()


def test_password_change(client, freelancer):
    client.post(reverse("account_login"), {"login": freelancer.email, "password": PASSWORD})
    new_password = "another-long-passphrase-7"

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    freelancer.refresh_from_db()
    assert freelancer.check_password(new_password)


def test_email_change_takes_effect_only_after_the_new_address_is_verified(client, freelancer):
    client.post(reverse("account_login"), {"login": freelancer.email, "password": PASSWORD})
    old_email = freelancer.email

    client.post(reverse("account_email"), {"action_add": "", "email": "astrid.new@example.com"})
    freelancer.refresh_from_db()
    assert freelancer.email == old_email
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["astrid.new@example.com"]

    client.post(reverse("account_email_verification_sent"), {"code": emailed_code(mail.outbox[0])})

    freelancer.refresh_from_db()
    assert freelancer.email == "astrid.new@example.com"
    assert freelancer.email_verified
    assert EmailAddress.objects.get(user=freelancer, primary=True).email == "astrid.new@example.com"


@pytest.mark.parametrize(("accept", "language"), [("sv-SE,sv;q=0.9", "sv"), ("en-GB,en;q=0.8", "en")])
def test_the_account_keeps_the_language_it_was_made_in(client, accept, language):
    signup(client, role=User.Role.CLIENT, email="lang@example.com", name="Lena Ek", HTTP_ACCEPT_LANGUAGE=accept)

    assert User.objects.get(email="lang@example.com").language == language
