"""Every URL of the project, walked as a visitor, as the two parties of a booking, as an
unrelated member and as staff: each gets what its role may see, and no member page is open to
visitors. A new view of ours without an entry in ACCESS fails this test, so nobody can add a
page without saying who may open it.

Policies:
  public   anyone gets an answer (2xx/3xx), nobody an error
  login    visitors are sent to log in; any member gets an answer
  party    visitors are sent to log in; an unrelated member gets 404; the parties get an answer
  staff    visitors are sent to log in; members are refused (403, 404 or sent away); staff get 200
  token    opened by an unguessable token or code in the URL (checked by its own tests)
POST-only views are requested with POST by visitors and unrelated members only (a refusal
changes nothing); the parties' POSTs are covered by each app's own tests."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from marketplace.accounts.models import User
from marketplace.bookings import services as bookings
from marketplace.bookings.models import Attachment
from marketplace.notifications import services as notifications
from marketplace.payments.models import Payment
from tests.clients import as_user
from tests.marketplace.passport.fixtures import pdf_bytes

pytestmark = pytest.mark.django_db

# Namespaces (and names) that are ours; Wagtail's and allauth's own are checked more simply below.
OURS = ("accounts", "search", "bookings", "notifications", "payments", "ratings", "passport", "passport_review",
        "booking_admin", "payment_disputes", "payments_overview", "rating_moderation", "stripe_webhook",
        "search_report", "search_report_synonym", "styleguide", "public_media")

GET, POST = "GET", "POST"

# name: (policy, method, kwargs built from the world)
ACCESS = {
    "accounts:dashboard": ("login", GET, {}),
    "accounts:profile_edit": ("login", GET, {}),
    "accounts:skills": ("login", GET, {}),
    "accounts:skill_remove": ("login", POST, {"pk": 999999}),
    "search:saved_list": ("login", GET, {}),
    "search:saved_create": ("login", POST, {}),
    "search:saved_frequency": ("login", POST, {"pk": 999999}),
    "search:saved_delete": ("login", POST, {"pk": 999999}),
    "search:unsubscribe": ("token", GET, {"token": "not-a-token"}),
    "search:suggest": ("public", GET, {}),
    "search:click": ("token", GET, {"search_id": "00000000-0000-0000-0000-000000000000", "position": 1}),
    "bookings:index": ("login", GET, {}),
    "bookings:request": ("login", GET, {"slug": "freelancer_slug"}),
    "bookings:detail": ("party", GET, {"pk": "booking"}),
    "bookings:act": ("party", POST, {"pk": "booking", "action": "cancel"}),
    "bookings:time": ("party", GET, {"pk": "booking"}),
    "bookings:time_submit": ("party", POST, {"pk": "booking"}),
    "bookings:time_edit": ("party", GET, {"pk": "booking", "log_pk": "log"}),
    "bookings:time_delete": ("party", POST, {"pk": "booking", "log_pk": "log"}),
    "bookings:time_decide": ("party", POST, {"pk": "booking", "log_pk": "log", "decision": "approve"}),
    "bookings:timesheet": ("party", GET, {"pk": "booking"}),
    "bookings:timesheet_approve": ("party", POST, {"pk": "booking"}),
    "bookings:messages": ("party", GET, {"pk": "booking"}),
    "bookings:attachment_add": ("party", POST, {"pk": "booking"}),
    "bookings:attachment": ("party", GET, {"pk": "booking", "attachment_pk": "attachment"}),
    "bookings:calendar": ("party", GET, {"pk": "booking"}),
    "notifications:index": ("login", GET, {}),
    "notifications:open": ("login", POST, {"pk": "notification"}),
    "notifications:read_all": ("login", POST, {}),
    "notifications:settings": ("login", GET, {}),
    "payments:fund": ("party", POST, {"pk": "booking"}),
    "payments:funded": ("party", GET, {"pk": "booking"}),
    "payments:release": ("party", POST, {"pk": "booking"}),
    "payments:dispute": ("party", GET, {"pk": "booking"}),
    "payments:payouts": ("login", GET, {}),
    "payments:simulated_checkout": ("login", GET, {"checkout_id": "sim_cs_unknown"}),
    "payments:simulated_onboarding": ("login", GET, {}),
    "payments:history": ("login", GET, {}),
    "payments:history_export": ("login", GET, {}),
    "payments:receipt": ("party", GET, {"pk": "payment"}),
    "payments:methods_refresh": ("login", POST, {}),
    "payments:method_remove": ("login", POST, {"pk": 999999}),
    "ratings:booking": ("party", GET, {"pk": "booking"}),
    "ratings:reviews": ("public", GET, {"slug": "freelancer_slug"}),
    "ratings:respond": ("login", POST, {"pk": 999999}),
    "ratings:flag": ("login", POST, {"pk": 999999}),
    "ratings:mine": ("login", GET, {}),
    "stripe_webhook": ("token", POST, {}),
    "passport:index": ("login", GET, {}),
    "passport:upload": ("login", GET, {}),
    "passport:detail": ("login", GET, {"pk": 999999}),
    "passport:new_version": ("login", POST, {"pk": 999999}),
    "passport:file": ("login", GET, {"pk": 999999, "number": 1}),
    "passport:print": ("login", GET, {}),
    "passport:verify": ("token", GET, {"code": "not-a-code"}),
    "passport:verify_json": ("token", GET, {"code": "not-a-code"}),
    "passport:verify_qr": ("token", GET, {"code": "not-a-code"}),
    "passport_review:index": ("staff", GET, {}),
    "passport_review:index_results": ("staff", GET, {}),
    "passport_review:review": ("staff", GET, {"pk": 999999}),
    "passport_review:start": ("staff", POST, {"pk": 999999}),
    "passport_review:decide": ("staff", POST, {"pk": 999999}),
    "passport_review:revoke": ("staff", POST, {"pk": 999999}),
    "passport_review:file": ("staff", GET, {"pk": 999999, "number": 1}),
    "booking_admin:index": ("staff", GET, {}),
    "booking_admin:index_results": ("staff", GET, {}),
    "booking_admin:add": ("staff", GET, {}),
    "booking_admin:edit": ("staff", GET, {"pk": "booking"}),
    "booking_admin:delete": ("staff", GET, {"pk": "booking"}),
    "booking_admin:history": ("staff", GET, {"pk": "booking"}),
    "booking_admin:history_results": ("staff", GET, {"pk": "booking"}),
    "booking_admin:usage": ("staff", GET, {"pk": "booking"}),
    "booking_admin:inspect": ("staff", GET, {"pk": "booking"}),
    "payment_disputes:index": ("staff", GET, {}),
    "payment_disputes:index_results": ("staff", GET, {}),
    "payment_disputes:resolve": ("staff", GET, {"pk": 999999}),
    "payment_disputes:evidence": ("staff", GET, {"pk": 999999, "evidence_pk": 1}),
    "payments_overview:index": ("staff", GET, {}),
    "rating_moderation:index": ("staff", GET, {}),
    "rating_moderation:index_results": ("staff", GET, {}),
    "rating_moderation:review": ("staff", GET, {"pk": 999999}),
    "rating_moderation:decide": ("staff", POST, {"pk": 999999}),
    "rating_moderation:feature": ("staff", POST, {"pk": 999999}),
    "search_report": ("staff", GET, {}),
    "search_report_synonym": ("staff", POST, {}),
    "styleguide:index": ("staff", GET, {}),
    "public_media": ("public", GET, {"path": "avatars/none.jpg"}),
}


def project_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if (namespace or pattern.name) in OURS:
                    names.add(name)

    walk(get_resolver().url_patterns)
    return names


def test_every_view_of_ours_says_who_may_open_it():
    missing = sorted(project_url_names() - set(ACCESS))
    assert not missing, f"Add these URL names to ACCESS in {__file__} with their policy: {missing}"
    stale = sorted(set(ACCESS) - project_url_names())
    assert not stale, f"These names in ACCESS no longer exist: {stale}"


@pytest.fixture
def world(in_progress, make_staff):
    booking = in_progress
    log = bookings.timelog_create(actor=booking.freelancer, booking=booking, date=booking.start_date, minutes=60,
                                  description="Work")
    bookings.attachment_add(actor=booking.client, booking=booking,
                            upload=SimpleUploadedFile("plan.pdf", pdf_bytes("Plan"), content_type="application/pdf"))
    stranger = User.objects.create_user(email="walker@example.com", password="x" * 12, role=User.Role.CLIENT)
    return {
        "booking": booking, "log": log, "attachment": Attachment.objects.get(),
        "payment": Payment.objects.filter(kind="funding").first(),
        "freelancer_slug": booking.freelancer.profile.slug,
        "client": booking.client, "freelancer": booking.freelancer, "stranger": stranger,
        "staff": make_staff(superuser=True),
        "notification": notifications.notify(recipient=booking.client, kind="message", event_key="walk:1",
                                             title="Walked", url="/bookings/"),
    }


def build(name, kwargs, world) -> str:
    values = {}
    for key, value in kwargs.items():
        if isinstance(value, str) and value in world:
            thing = world[value]
            value = thing if isinstance(thing, str) else thing.pk
        values[key] = value
    return reverse(name, kwargs=values)


def request(client: Client, method: str, url: str):
    return client.get(url) if method == GET else client.post(url, {})


def sent_to_login(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_each_role_gets_what_it_may_see(world, settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_walk"
    visitor, stranger = as_user(None), as_user(world["stranger"])
    parties = [as_user(world["client"]), as_user(world["freelancer"])]
    staff = as_user(world["staff"])
    problems = []
    for name, (policy, method, kwargs) in sorted(ACCESS.items()):
        url = build(name, kwargs, world)
        seen = request(visitor, method, url)
        if policy in ("login", "party", "staff") and not sent_to_login(seen):
            problems.append(f"{name}: a visitor got {seen.status_code}, not the login page")
        if policy == "public" and seen.status_code >= 400 and seen.status_code != 404:
            problems.append(f"{name}: a visitor got {seen.status_code}")
        if policy == "token" and seen.status_code not in (400, 404):
            problems.append(f"{name}: a wrong token or code got {seen.status_code}, not 400/404")
        if policy == "party":
            refused = request(stranger, method, url)
            if refused.status_code != 404:
                problems.append(f"{name}: an unrelated member got {refused.status_code}, not 404")
            if method == GET:
                for party in parties:
                    answer = request(party, method, url)
                    if answer.status_code >= 400 and answer.status_code != 404:
                        problems.append(f"{name}: a party got {answer.status_code}")
                if all(request(party, method, url).status_code == 404 for party in parties):
                    problems.append(f"{name}: neither party can open it")
        if policy == "staff":
            for member in (stranger, parties[0]):
                refused = request(member, method, url)
                if refused.status_code == 200:
                    problems.append(f"{name}: a member got 200 on a staff page")
            if method == GET and not re.search(r"999999", url):
                answer = request(staff, method, url)
                if answer.status_code >= 500:
                    problems.append(f"{name}: staff got {answer.status_code}")
        if policy == "login" and method == GET:
            answer = request(stranger, method, url)
            if answer.status_code >= 500 or answer.status_code == 403 and name.startswith("payments:"):
                problems.append(f"{name}: a member got {answer.status_code}")
    assert not problems, "\n".join(problems)


# What a GET may write: the session (logging in, messages) and Wagtail's row of a user's admin
# preferences, which it creates the first time it reads them; nothing anyone would call a change.
# Links are opened by mail scanners, link previews and prefetching browsers, so a GET that changes
# state changes it for someone who never meant to.
GET_MAY_WRITE = {"django_session", "wagtailusers_userprofile"}
WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.I)


def test_no_get_of_ours_changes_anything(world, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    members = {"client": as_user(world["client"]), "freelancer": as_user(world["freelancer"]),
               "stranger": as_user(world["stranger"]), "staff": as_user(world["staff"])}
    problems = []
    for name, (policy, method, kwargs) in sorted(ACCESS.items()):
        if method != GET:
            continue
        url = build(name, kwargs, world)
        for who, client in members.items():
            if policy == "staff" and who != "staff":
                continue
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            tables = {match[2] for query in queries if (match := WRITE.match(query["sql"]))} - GET_MAY_WRITE
            if tables:
                problems.append(f"{name}: a GET by the {who} wrote to {sorted(tables)}")
    assert not problems, "\n".join(problems)


def test_no_page_of_the_wagtail_admin_opens_for_visitors_or_members(world):
    visitor, member = as_user(None), as_user(world["client"])
    for url in ("/admin/", "/admin/pages/", "/admin/users/", "/admin/snippets/", "/admin/documents/",
                "/admin/images/", "/admin/reports/site-history/", "/admin/settings/", "/admin/groups/"):
        assert visitor.get(url).status_code in (302, 404), url
        assert member.get(url).status_code in (302, 403, 404), url


# Every staff role, as the groups the migrations create give it; each is tried in three sessions.
STAFF_ROLES = {
    "superuser": {"superuser": True, "groups": ()},
    "passport reviewer": {"reviewer": True},
    "support": {"groups": ("Support", "Editors")},
    "moderator": {"groups": ("Moderators",)},
    "editor": {"groups": ("Editors",)},
}
# Pages only staff powers open that belong to a member: what a phished staff password would expose.
PRIVATE_OF_A_MEMBER = ("bookings:detail", "bookings:messages", "bookings:attachment", "bookings:timesheet",
                       "bookings:calendar", "payments:receipt", "passport:detail", "passport:file")


@pytest.fixture
def staff_world(world, make_staff, make_document):
    document = make_document(world["freelancer"])
    world.update(document=document)
    world["staff_roles"] = {}
    for role, options in STAFF_ROLES.items():
        world["staff_roles"][role] = {
            "no TOTP": make_staff(second_factor=False, **options),
            "TOTP, password-only session": make_staff(**options),
            "TOTP given": make_staff(**options),
        }
    return world


def staff_url(name, kwargs, world) -> str:
    kwargs = dict(kwargs)
    if name in ("passport:detail", "passport:file"):
        kwargs["pk"] = "document"
    return build(name, kwargs, world)


def test_staff_powers_need_a_second_factor_proved_in_this_session(staff_world):
    """A staff password alone opens nothing: without TOTP, or with TOTP but a session that has
    not given the code, every staff role is an ordinary member on every URL (staff pages refused,
    another member's booking, receipt and certificate 404 as for a stranger, the admin asks for
    TOTP). With the code given, the same accounts get their powers back, so the refusals above
    come from the missing factor and nothing else."""
    world = staff_world
    problems = []
    for role, accounts in world["staff_roles"].items():
        for session, user in accounts.items():
            client = Client()
            client.force_login(user, second_factor=session == "TOTP given")
            if session == "TOTP given":
                continue
            for name, (policy, method, kwargs) in sorted(ACCESS.items()):
                if policy not in ("staff", "party") and name not in PRIVATE_OF_A_MEMBER:
                    continue
                url = staff_url(name, kwargs, world)
                answer = request(client, method, url)
                if policy == "staff" and answer.status_code == 200:
                    problems.append(f"{role}, {session}: {name} answered 200")
                if (policy == "party" or name in PRIVATE_OF_A_MEMBER) and answer.status_code not in (302, 404):
                    problems.append(f"{role}, {session}: {name} answered {answer.status_code}, not 404")
            admin = client.get("/admin/")
            expected = reverse("mfa_activate_totp" if session == "no TOTP" else "mfa_reauthenticate")
            if admin.status_code != 302 or expected not in admin["Location"]:
                problems.append(f"{role}, {session}: /admin/ answered {admin.status_code} {admin.get('Location')}")
    assert not problems, "\n".join(problems)

    def opens(role, name):
        client = Client()
        client.force_login(world["staff_roles"][role]["TOTP given"])
        policy, method, kwargs = ACCESS[name]
        return request(client, method, staff_url(name, kwargs, world)).status_code == 200

    assert opens("passport reviewer", "passport:file")
    assert opens("passport reviewer", "passport_review:index")
    assert opens("support", "bookings:detail")
    assert opens("support", "bookings:attachment")
    assert opens("support", "payments:receipt")
    assert opens("support", "payment_disputes:index")
    assert opens("superuser", "styleguide:index")
    assert opens("superuser", "passport:file")
    assert not opens("editor", "passport:file")
    for role in STAFF_ROLES:
        client = Client()
        client.force_login(world["staff_roles"][role]["TOTP given"])
        assert client.get("/admin/").status_code == 200, role
