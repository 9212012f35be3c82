"""Signup does not tell who is registered, and nobody transacts before proving their address.

An address that already has an account gets exactly the answer a new one gets (the owner is
told by email instead), and nobody is signed in by either. A new member is let in only once
they type the code we emailed them, on the page they signed up from; a member whose address is
still unproven (older accounts) is refused by every service that books, requests, uploads or
pays, with a message that says why."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking
from marketplace.core.errors import PermissionDenied
from marketplace.passport import services as passport
from marketplace.passport.models import CompetenceDocument
from marketplace.payments import services as payments
from marketplace.search.services import saved as saved_searches
from tests.access import ACCESS, build, request, sent_to_login
from tests.conftest import PASSWORD
from tests.marketplace.passport.fixtures import pdf_bytes

pytestmark = pytest.mark.django_db

NEW_EMAIL = "new.member@example.com"


def signup(client, email, *, role=User.Role.CLIENT, name="Maja Berg", password=PASSWORD):
    return client.post(
        reverse("account_signup"),
        {"role": role, "display_name": name, "company_name": "", "email": email,
         "password1": password, "password2": password},
        follow=True,
    )


def seen(response, email: str, *others: str) -> dict:
    """All a visitor can tell from the answer: statuses, where it went, the page and its
    messages, and which cookies were set, with the typed address (and any other name given,
    such as the member's own address) and the per-request CSRF token blanked."""

    def blank(text: str) -> str:
        text = re.sub(re.escape(email), "EMAIL", text, flags=re.I)
        for other in others:
            text = text.replace(other, "OTHER")
        return text

    html = blank(response.content.decode())
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": ""', html)
    html = re.sub(r'nonce="[^"]+"', 'nonce=""', html)
    return {
        "status": response.status_code,
        "redirects": response.redirect_chain,
        "page": html,
        "messages": [blank(str(m)) for m in response.context["messages"]] if response.context else None,
        "cookies": sorted(response.cookies),
    }


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def code_from(message) -> str:
    """The code alone on its line (allauth's format: four letters, a dash, four letters)."""
    match = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.M)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def owners(make_member):
    """Everyone who already holds an address, as the address would be typed at signup."""

    def never_confirmed():
        user = make_member(User.Role.FREELANCER, verified=False, email="late.larsson@example.com")
        return user, user.email

    def staff():
        user = User.objects.create_user(email="editor@valund.example", password=PASSWORD, is_staff=True,
                                        role=User.Role.ADMIN)
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        return user, user.email

    def freelancer():
        user = make_member(User.Role.FREELANCER, email="astrid@example.com")
        return user, user.email

    def client():
        user = make_member(User.Role.CLIENT, email="nordbygg@example.com")
        return user, user.email

    def in_capitals():
        user, email = freelancer()
        return user, email.upper()

    return {"a freelancer": freelancer, "a client": client, "a freelancer, typed in capitals": in_capitals,
            "a member who never confirmed": never_confirmed, "staff": staff}


@pytest.mark.parametrize("owner", ["a freelancer", "a client", "a freelancer, typed in capitals",
                                   "a member who never confirmed", "staff"])
def test_an_address_already_registered_gets_the_answer_a_new_one_gets(owners, owner):
    user, typed = owners[owner]()
    password_before, role_before = user.password, user.role

    new_client = Client()
    new_answer = signup(new_client, NEW_EMAIL)
    known_client = Client()
    known_answer = signup(known_client, typed)

    assert seen(known_answer, typed) == seen(new_answer, NEW_EMAIL)
    assert not signed_in(new_client) and not signed_in(known_client)
    # The owner hears of it by email, and their account is left as it was.
    assert [m.to for m in mail.outbox] == [[NEW_EMAIL], [user.email]]
    assert "already exists" in mail.outbox[1].subject.lower()
    assert reverse("account_reset_password") in mail.outbox[1].body
    assert User.objects.filter(email__iexact=user.email).count() == 1
    user.refresh_from_db()
    assert (user.password, user.role) == (password_before, role_before)


def test_both_answers_hash_the_typed_password(owners, settings):
    """Hashing is the slow part of a signup (hundreds of milliseconds with the production
    hasher): an answer that skipped it would tell the two apart by its time alone."""
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    owners["a freelancer"]()
    CountingHasher.calls = 0
    signup(Client(), NEW_EMAIL)
    new_calls, CountingHasher.calls = CountingHasher.calls, 0
    signup(Client(), "astrid@example.com")

    assert new_calls >= 1
    assert CountingHasher.calls == new_calls


class CountingHasher(MD5PasswordHasher):
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


# --- The code, and nothing transacted before it ---------------------------------------------


def enter_code(client, code):
    return client.post(reverse("account_email_verification_sent"), {"code": code})


def booking_request_form(today) -> dict:
    return {"title": "Weld the stair railing", "description": "Stainless railing, two floors.",
            "start_date": today.isoformat(), "end_date": (today + datetime.timedelta(days=4)).isoformat(),
            "expected_hours": "16", "location": "remote", "pricing": "hourly", "hourly_rate": "650",
            "priority": "normal"}


def document_form(today) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"document_type": "other", "title": "Hot work certificate", "issuer": "Brandskyddsföreningen",
            "credential_number": "HA-2291-77", "issue_date": (today - datetime.timedelta(days=30)).isoformat(),
            "expiry_date": (today + datetime.timedelta(days=365)).isoformat(),
            "file": SimpleUploadedFile("certificate.pdf", pdf_bytes(), content_type="application/pdf")}


@pytest.mark.parametrize("role", [User.Role.CLIENT, User.Role.FREELANCER])
def test_a_new_member_types_the_emailed_code_before_anything_opens(client, world, role):
    """Between signing up and typing the code the visitor is nobody: every page of ours that a
    member may open sends them to sign in, and nothing they post is kept."""
    today = timezone.localdate()
    signed_up = signup(client, NEW_EMAIL, role=role)
    assert signed_up.redirect_chain == [(reverse("account_email_verification_sent"), 302)]
    assert not signed_in(client)
    member = User.objects.get(email=NEW_EMAIL)
    assert not member.email_verified

    still_closed = [name for name, (policy, method, kwargs) in sorted(ACCESS.items())
                    if policy in ("login", "party", "staff")
                    and not sent_to_login(request(client, method, build(name, kwargs, world)))]
    assert not still_closed, f"open before the code was typed: {still_closed}"
    request_url = reverse("bookings:request", kwargs={"slug": world["freelancer_slug"]})
    bookings_before = Booking.objects.count()
    assert sent_to_login(client.post(request_url, booking_request_form(today)))
    assert sent_to_login(client.post(reverse("passport:upload"), document_form(today)))
    assert Booking.objects.count() == bookings_before
    assert not CompetenceDocument.objects.filter(owner=member).exists()

    # A wrong code keeps them on the page, told so, and still nobody.
    wrong = enter_code(client, "AAAA-AAAA")
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert not signed_in(client)

    # The code from the email lets them in, on to their dashboard, with the address proven.
    welcome = enter_code(client, code_from(mail.outbox[-1]))
    assert welcome.status_code == 302 and welcome["Location"] == reverse("dashboard:index")
    assert client.session[SESSION_KEY] == str(member.pk)
    assert User.objects.get(pk=member.pk).email_verified

    # And now they can do what they came for.
    if role == User.Role.CLIENT:
        booked = client.post(request_url, booking_request_form(today))
        assert booked.status_code == 302
        assert Booking.objects.filter(client=member).count() == 1
    else:
        uploaded = client.post(reverse("passport:upload"), document_form(today))
        assert uploaded.status_code == 302
        assert CompetenceDocument.objects.filter(owner=member).count() == 1


def test_a_member_whose_address_is_unproven_is_asked_for_the_code_at_sign_in(client, make_member):
    """Older accounts made before the code (or by hand) sign in only through it."""
    member = make_member(User.Role.FREELANCER, verified=False)

    answer = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})

    assert answer.status_code == 302 and answer["Location"] == reverse("account_email_verification_sent")
    assert not signed_in(client)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert enter_code(client, code_from(mail.outbox[0]))["Location"] == reverse("dashboard:index")
    assert client.session[SESSION_KEY] == str(member.pk)
    assert User.objects.get(pk=member.pk).email_verified


def test_wrong_codes_end_the_attempt(client):
    """Three wrong codes and the code is void: guessing it takes a new signup or sign-in each
    time, and those are rate limited."""
    signup(client, NEW_EMAIL)
    code = code_from(mail.outbox[0])
    for guess in ("AAAA-AAAA", "BBBB-BBBB"):
        assert enter_code(client, guess).status_code == 200
    third = enter_code(client, "CCCC-CCCC")

    assert third.status_code == 302 and third["Location"] != reverse("dashboard:index")
    assert enter_code(client, code)["Location"] != reverse("dashboard:index")
    assert not signed_in(client)
    assert not User.objects.get(email=NEW_EMAIL).email_verified


def test_a_new_code_can_be_asked_for_once_the_limit_allows(client):
    signup(client, NEW_EMAIL)
    first = code_from(mail.outbox[0])
    page = client.get(reverse("account_email_verification_sent"))
    assert 'form="resend"' in page.content.decode()

    # One verification mail per address every three minutes (ACCOUNT_RATE_LIMITS["confirm_email"]).
    too_soon = client.post(reverse("account_email_verification_sent"), {"action": "resend"})
    assert too_soon.status_code == 429 and len(mail.outbox) == 1
    cache.clear()  # three minutes later
    again = client.post(reverse("account_email_verification_sent"), {"action": "resend"})
    assert again.status_code == 302 and len(mail.outbox) == 2
    second = code_from(mail.outbox[1])
    assert second != first
    assert enter_code(client, first).status_code == 200  # the first code is void now
    assert enter_code(client, second)["Location"] == reverse("dashboard:index")


def test_the_code_page_reads_the_same_without_javascript_and_is_ours(client):
    signup(client, NEW_EMAIL)
    html = client.get(reverse("account_email_verification_sent")).content.decode()

    assert "Confirm your email address" in html and NEW_EMAIL in html
    # Every button either submits its own form or names one present on the page.
    for form_id in re.findall(r'<button[^>]* form="([^"]+)"', html):
        assert f'<form id="{form_id}"' in html
    assert 'class="form"' in html and 'autocomplete="one-time-code"' in html
    assert "<script" not in html.split('<main', 1)[1].split("</main>", 1)[0]


@pytest.fixture
def unproven(make_member, make_booking):
    """A member of each role whose address is not (or no longer) confirmed, with what they act on."""
    def unprove(user):
        EmailAddress.objects.filter(user=user).update(verified=False)
        return User.objects.get(pk=user.pk)

    return {"freelancer": make_member(User.Role.FREELANCER, verified=False),
            "client": make_member(User.Role.CLIENT, verified=False),
            "accepted": make_booking(Booking.Status.ACCEPTED), "unprove": unprove}


TRANSACTIONS = {
    "request a booking": lambda w: bookings.booking_request(
        client=w["client"], freelancer=w["accepted"].freelancer, title="Weld", description="Railing",
        start_date=timezone.localdate(), end_date=timezone.localdate(), expected_hours="4"),
    "upload a document": lambda w: passport.document_upload(
        owner=w["freelancer"], upload=document_form(timezone.localdate())["file"], title="Hot work",
        issuer="Brandskyddsföreningen", issue_date=timezone.localdate() - datetime.timedelta(days=3)),
    "save a search": lambda w: saved_searches.saved_search_create(
        owner=w["client"], name="Welders", querystring="q=welder", frequency="daily"),
    "set up payouts": lambda w: payments.payout_account_link(
        user=w["freelancer"], refresh_url="http://testserver/r", return_url="http://testserver/b"),
    "pay into escrow": lambda w: payments.funding_start(
        actor=w["unprove"](w["accepted"].client), booking=w["accepted"], success_url="http://testserver/ok",
        cancel_url="http://testserver/cancel"),
}


@pytest.mark.parametrize("action", sorted(TRANSACTIONS))
def test_every_service_that_transacts_refuses_an_unproven_address(unproven, action):
    with pytest.raises(PermissionDenied) as refused:
        TRANSACTIONS[action](unproven)

    assert refused.value.code == "unverified"
    assert refused.value.message.startswith("Confirm your email address before you")


def test_adding_an_address_that_has_an_account_gets_the_answer_a_free_one_gets(make_member):
    """The sibling of signup: a member adding an address to their own account must not learn
    either whether someone else holds it."""
    owner = make_member(User.Role.CLIENT, email="taken@example.com")
    answers = {}
    for typed in ("free@example.com", "taken@example.com"):
        member = make_member(User.Role.FREELANCER, name="Mira Member")
        browser = Client()
        browser.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
        answers[typed] = seen(browser.post(reverse("account_email"), {"action_add": "", "email": typed},
                                           follow=True), typed, member.email, member.profile.slug)
        assert browser.session[SESSION_KEY] == str(member.pk)  # still themselves

    assert answers["taken@example.com"] == answers["free@example.com"]
    assert [m.to for m in mail.outbox] == [["free@example.com"], [owner.email]]
    assert User.objects.get(email="taken@example.com") == owner
