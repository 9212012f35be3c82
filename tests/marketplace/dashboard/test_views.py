"""The dashboard (marketplace/dashboard): an inbox of what waits for the member, each line counted
and linked (the one booking or document when there is one, the list when there are more), the
getting-started checklist until it is done, one visibility status, and the cards of the member's
role only; in a fixed number of queries whatever the number of bookings, logs and documents."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts import services as accounts
from marketplace.accounts.models import Profile, Skill, SkillCategory, User, UserSkill
from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking, TimeLog
from marketplace.notifications import services as notifications
from marketplace.passport.models import CompetenceDocument
from marketplace.payments.models import ConnectedAccount
from tests.clients import as_user

pytestmark = pytest.mark.django_db

URL = "/dashboard/"


def inbox(html: str) -> dict[str, str]:
    """The inbox's lines as {label: link}; empty when there is no inbox."""
    if 'id="inbox-heading"' not in html:
        return {}
    section = html.split('id="inbox-heading"', 1)[1].split("</section>", 1)[0]
    return {
        label: href for href, label in re.findall(r'<a class="task-list__link" href="([^"]+)">([^<]+)</a>', section)
    }


def checklist(html: str) -> dict[str, tuple[str, bool]]:
    """The checklist's steps as {label: (link, done)}; empty when there is no checklist."""
    if 'id="start-heading"' not in html:
        return {}
    section = html.split('id="start-heading"', 1)[1].split("</section>", 1)[0]
    items = re.findall(
        r'<li class="checklist__item( checklist__item--done)?">.*?<a href="([^"]+)">([^<]+)</a>', section, re.S
    )
    return {label: (href, bool(done)) for done, href, label in items}


def page(user) -> str:
    response = as_user(user).get(URL)
    assert response.status_code == 200
    return response.content.decode()


def submit_time(booking, days=(0, 1)):
    for day in days:
        bookings.timelog_create(
            actor=booking.freelancer,
            booking=booking,
            date=booking.start_date + datetime.timedelta(days=day),
            minutes=120,
            description=f"Day {day}",
        )
    bookings.timelogs_submit(actor=booking.freelancer, booking=booking)


# --- The inbox -----------------------------------------------------------------------------------


def test_a_freelancers_request_to_answer_links_to_it_and_two_link_to_the_list(make_booking, freelancer):
    first = make_booking()

    assert inbox(page(freelancer))["1 booking request to answer"] == reverse("bookings:detail", args=[first.pk])

    make_booking(title="Second job")
    assert inbox(page(freelancer))["2 booking requests to answer"] == reverse("bookings:index")


def test_an_expired_request_is_not_to_answer(make_booking, freelancer):
    booking = make_booking()
    Booking.objects.filter(pk=booking.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    assert not any("to answer" in label for label in inbox(page(freelancer)))


def test_a_client_is_asked_to_pay_approve_and_confirm_each_linked(make_booking, in_progress, client_user):
    to_pay = make_booking(Booking.Status.ACCEPTED, title="Unpaid job")
    submit_time(in_progress)

    lines = inbox(page(client_user))

    assert lines["1 booking to pay into escrow"] == reverse("bookings:detail", args=[to_pay.pk])
    assert lines["2 time logs to approve"] == reverse("bookings:timesheet", args=[in_progress.pk])
    bookings.booking_mark_done(actor=in_progress.freelancer, booking=in_progress)
    assert inbox(page(client_user))["1 job to confirm as done"] == reverse("bookings:detail", args=[in_progress.pk])


def test_a_funded_booking_is_no_longer_to_pay(make_booking, client_user):
    from tests.marketplace.bookings.fixtures import fund_escrow

    booking = make_booking(Booking.Status.ACCEPTED)
    fund_escrow(booking)

    assert not any("pay into escrow" in label for label in inbox(page(client_user)))


def test_time_to_approve_on_two_bookings_links_to_the_list(make_booking, in_progress, client_user, today):
    other = make_booking(Booking.Status.IN_PROGRESS, title="Second job")
    Booking.objects.filter(pk=other.pk).update(start_date=today - datetime.timedelta(days=3))
    other.refresh_from_db()
    submit_time(in_progress)
    submit_time(other, days=(0,))

    assert inbox(page(client_user))["3 time logs to approve"] == reverse("bookings:index")


def test_bookings_to_rate_and_unread_notifications_are_linked(in_progress, client_user, freelancer):
    bookings.booking_mark_done(actor=freelancer, booking=in_progress)
    bookings.booking_confirm(actor=client_user, booking=in_progress)

    lines = inbox(page(freelancer))

    assert lines["1 booking to rate"] == reverse("ratings:booking", args=[in_progress.pk])
    unread = next(label for label in lines if "unread notification" in label)
    assert lines[unread] == reverse("notifications:index")


def test_a_freelancer_with_a_booking_and_no_payouts_is_asked_to_set_them_up(make_booking, freelancer):
    make_booking(Booking.Status.ACCEPTED)

    assert inbox(page(freelancer))["Set up payouts"] == reverse("payments:payouts")

    ConnectedAccount.objects.create(
        user=freelancer, stripe_id="acct_ready", details_submitted=True, payouts_enabled=True
    )
    assert "Set up payouts" not in inbox(page(freelancer))


def test_a_document_to_revise_links_to_it(make_document, freelancer):
    document = make_document(freelancer, status=CompetenceDocument.Status.REQUIRES_REVISION)

    assert inbox(page(freelancer))["1 passport document needs you"] == reverse("passport:detail", args=[document.pk])


def test_a_document_expiring_soon_needs_the_freelancer(make_document, freelancer, today):
    make_document(
        freelancer,
        status=CompetenceDocument.Status.APPROVED,
        issue_date=today - datetime.timedelta(days=300),
        expiry_date=today + datetime.timedelta(days=10),
    )
    make_document(
        freelancer,
        status=CompetenceDocument.Status.APPROVED,
        issue_date=today - datetime.timedelta(days=300),
        expiry_date=today + datetime.timedelta(days=400),
    )
    make_document(freelancer, status=CompetenceDocument.Status.REQUIRES_REVISION)

    assert inbox(page(freelancer))["2 passport documents need you"] == reverse("passport:index")


def test_an_empty_inbox_says_so_once_getting_started_is_done(client_user, make_booking):
    assert 'id="inbox-heading"' not in page(client_user)  # a new client starts from the checklist

    Profile.objects.filter(user=client_user).update(company_name="Nordbygg AB", city="Uppsala")
    booking = make_booking()
    bookings.booking_decline(actor=booking.freelancer, booking=booking, reason="Fully booked.")
    notifications.notifications_mark_all_read(user=client_user)
    html = page(client_user)
    assert inbox(html) == {} and "Nothing waits for you" in html


def test_the_inbox_is_the_members_own(make_booking, make_member):
    make_booking()
    someone = make_member(User.Role.FREELANCER, name="Someone Else")

    html = page(someone)
    assert "to answer" not in html and inbox(html) == {}


# --- Getting started -----------------------------------------------------------------------------


def test_a_new_freelancer_gets_a_checklist_with_links_and_what_is_done_ticked(make_member):
    sara = make_member(User.Role.FREELANCER, name="Sara Ek", verified=False)

    html = page(sara)
    steps = checklist(html)

    profile = reverse("accounts:profile_edit")
    assert steps == {
        "Confirm your email address": (reverse("account_email"), False),
        "Add a photo": (f"{profile}#id_avatar", False),
        "Write a headline and a few lines about your work": (f"{profile}#id_headline", False),
        "Choose the place you work from": (f"{profile}#id_place", False),
        "Set your hourly rate": (f"{profile}#id_hourly_rate", False),
        "Add your skills": (reverse("accounts:skills"), False),
        "Upload a certificate or licence": (reverse("passport:upload"), False),
        "Set up payouts": (reverse("payments:payouts"), False),
    }
    assert "0 of 8 steps done" in html
    assert '<progress id="start-progress" max="8" value="0">0 %</progress>' in html
    # One banner at most: the email step is in the checklist, not a banner above it.
    assert "alert" not in html.split("<main", 1)[1]


def test_the_freelancers_checklist_ticks_each_step_and_goes_once_all_are_done(freelancer, make_document):
    steps = checklist(page(freelancer))  # the fixture's freelancer: confirmed, place, headline, rate
    assert steps["Confirm your email address"][1] and steps["Set your hourly rate"][1]
    assert steps["Choose the place you work from"][1]
    assert not steps["Add your skills"][1]

    profile = freelancer.profile
    Profile.objects.filter(pk=profile.pk).update(bio="Twenty years of welding.", avatar="avatars/a.jpg")
    trade = SkillCategory.objects.create(name="Construction", slug="construction")
    accounts.skill_add(
        actor=freelancer,
        profile=profile,
        skill=Skill.objects.create(name="Welding", slug="welding", category=trade),
        level=UserSkill.Level.EXPERT,
        years=3,
    )
    make_document(freelancer)
    html = page(freelancer)
    assert "7 of 8 steps done" in html
    ConnectedAccount.objects.create(
        user=freelancer, stripe_id="acct_done", details_submitted=True, payouts_enabled=True
    )

    assert checklist(page(freelancer)) == {}


def test_a_new_client_gets_a_checklist_of_their_own(make_member, make_booking):
    client = make_member(User.Role.CLIENT, name="Nordbygg AB")

    steps = checklist(page(client))

    assert list(steps) == [
        "Confirm your email address",
        "Add your company name",
        "Choose your place",
        "Find a freelancer and request a booking",
    ]
    assert steps["Confirm your email address"][1] and not steps["Find a freelancer and request a booking"][1]
    make_booking(client=client)
    assert checklist(page(client))["Find a freelancer and request a booking"][1]


# --- One status, the role's cards ----------------------------------------------------------------


def test_an_unconfirmed_freelancer_sees_one_visibility_status(make_member):
    html = page(make_member(User.Role.FREELANCER, name="Sara Ek", verified=False))

    assert "Not visible yet" in html and "Clients find your profile once you confirm your email." in html
    assert "Visibility" not in html and "Public" not in html


def test_a_hidden_profile_says_it_was_hidden_and_a_public_one_links_to_itself(freelancer, page_tree):
    html = page(freelancer)
    assert "Visible to clients" in html and freelancer.profile.get_absolute_url() in html

    Profile.objects.filter(pk=freelancer.profile.pk).update(visibility=Profile.Visibility.HIDDEN)
    html = page(freelancer)
    assert "Hidden" in html and "You chose to hide your profile" in html
    assert "View your public profile" not in html


def test_freelancers_see_their_cards_and_not_the_clients(freelancer):
    html = page(freelancer)

    for heading in ("Your profile", "Competence passport", "Bookings", "Reviews", "Payments"):
        assert f">{heading}</h2>" in html
    for heading in ("Saved searches", "Hire a freelancer"):
        assert f">{heading}</h2>" not in html


def test_clients_see_their_cards_and_not_the_freelancers(client_user):
    html = page(client_user)

    for heading in ("Hire a freelancer", "Bookings", "Saved searches", "Reviews", "Payments"):
        assert f">{heading}</h2>" in html
    for heading in ("Your profile", "Competence passport"):
        assert f">{heading}</h2>" not in html


def test_staff_see_the_admin_card_only(make_staff):
    html = page(make_staff())

    assert "Open the admin" in html
    assert 'id="inbox-heading"' not in html and 'id="start-heading"' not in html


def test_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


# --- Queries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["client", "freelancer"])
def test_the_dashboard_costs_the_same_queries_whatever_the_member_has(
    role, make_booking, make_document, client_user, freelancer, today
):
    user = client_user if role == "client" else freelancer

    def count() -> int:
        member = as_user(user)
        member.get(URL)  # the session, the header's cached counts
        with CaptureQueriesContext(connection) as queries:
            assert member.get(URL).status_code == 200
        return len(queries)

    few = count()
    for n in range(3):
        make_booking(title=f"Pending {n}")
        make_booking(Booking.Status.ACCEPTED, title=f"Accepted {n}")
        running = make_booking(Booking.Status.IN_PROGRESS, title=f"Running {n}")
        Booking.objects.filter(pk=running.pk).update(start_date=today - datetime.timedelta(days=3))
        running.refresh_from_db()
        submit_time(running)
        make_document(freelancer, status=CompetenceDocument.Status.REQUIRES_REVISION)
    assert TimeLog.objects.filter(status=TimeLog.Status.SUBMITTED).count() == 6
    many = count()

    assert many == few, (few, many)
    # Measured: 16 (session, user, profile, skills, languages, email, bookings, ratings x3, the
    # role's own 2-3, notifications, the header's). A bound, so a new N+1 shows up.
    assert many <= 20
