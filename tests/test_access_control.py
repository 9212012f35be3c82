"""Every URL of the project, walked as a visitor, as the two parties of a booking, as an
unrelated member and as staff: each gets what its role may see, and no member page is open to
visitors. A new view of ours without an entry in ACCESS (tests/access.py, with the policies)
fails this test, so nobody can add a page without saying who may open it."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlencode

from marketplace.search.query import SearchParams
from marketplace.search.services import record_token
from tests import access
from tests.access import ACCESS, GET, OURS, build, request, sent_to_login
from tests.clients import as_user

pytestmark = pytest.mark.django_db


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
    assert not missing, f"Add these URL names to ACCESS in {access.__file__} with their policy: {missing}"
    stale = sorted(set(ACCESS) - project_url_names())
    assert not stale, f"These names in ACCESS no longer exist: {stale}"


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
        if policy in ("api_member", "api_party", "api_owner") and seen.status_code != 401:
            problems.append(f"{name}: a visitor got {seen.status_code}, not 401")
        if policy == "api_public" and seen.status_code >= 400:
            problems.append(f"{name}: a visitor got {seen.status_code}")
        if policy in ("api_party", "api_owner"):
            refused = request(stranger if policy == "api_party" else parties[0], method, url)
            if refused.status_code != 404:
                problems.append(f"{name}: an unrelated member got {refused.status_code}, not 404")
        if policy in ("api_member", "api_party", "api_owner") and method == GET:
            members = {"api_party": parties, "api_owner": [parties[1]], "api_member": [stranger]}[policy]
            for member in members:
                answer = request(member, method, url)
                if answer.status_code >= 400:
                    problems.append(f"{name}: a member who may see it got {answer.status_code}")
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
# The one exception, on purpose: a results page rendered without scripts counts the search it
# shows with a <noscript> image (search:shown), as search:record does for a page with them. Only
# such a page asks for it, it is rate limited, a prefetch records nothing, and it takes a token
# the site signed; it writes that search's row and nothing else. Walked here with a valid token.
GET_RECORDS = {"search:shown": {"search_searchanalytics"}}
WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.I)


def _get_url(name, kwargs, world) -> str:
    url = build(name, kwargs, world)
    if name == "search:shown":
        url += "?" + urlencode({"token": record_token(SearchParams(q="welder"), 3)})
    return url


def test_no_get_of_ours_changes_anything(world, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    members = {"client": as_user(world["client"]), "freelancer": as_user(world["freelancer"]),
               "stranger": as_user(world["stranger"]), "staff": as_user(world["staff"])}
    problems = []
    for name, (policy, method, kwargs) in sorted(ACCESS.items()):
        if method != GET:
            continue
        url = _get_url(name, kwargs, world)
        for who, client in members.items():
            if policy == "staff" and who != "staff":
                continue
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            tables = {match[2] for query in queries if (match := WRITE.match(query["sql"]))}
            tables -= GET_MAY_WRITE | GET_RECORDS.get(name, set())
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
                       "bookings:calendar", "payments:receipt", "payments:receipt_pdf", "passport:detail",
                       "passport:file")


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
    assert opens("support", "payments:receipt_pdf")
    assert opens("support", "payment_disputes:index")
    assert opens("superuser", "styleguide:index")
    assert opens("superuser", "passport:file")
    assert not opens("editor", "passport:file")
    for role in STAFF_ROLES:
        client = Client()
        client.force_login(world["staff_roles"][role]["TOTP given"])
        assert client.get("/admin/").status_code == 200, role



# API routes for the parties or the owner that staff never open: a booking's ratings are its
# parties' (double-blind; moderators act on reports in the admin), a document's detail and the
# payout set-up are the freelancer's (reviewers work in the admin's review queue, and fetch files
# through api:document-file, tested in tests/marketplace/api/test_files.py).
API_NEVER_STAFF = {"api:booking-ratings", "api:document", "api:payouts"}


def test_the_api_gives_each_staff_role_what_the_site_gives_it(staff_world):
    """The API applies the site's rules to staff: a member's booking, its messages, hours, escrow,
    disputes and files open through /api/v1/ to exactly the roles that open the booking's page on
    the site, only in a session that gave the second factor; the owner's and parties' own routes
    open to no staff at all."""
    world = staff_world
    problems, opened = [], set()
    for role, accounts in world["staff_roles"].items():
        for session, user in accounts.items():
            client = Client()
            client.force_login(user, second_factor=session == "TOTP given")
            _policy, twin_method, twin_kwargs = ACCESS["bookings:detail"]
            twin = staff_url("bookings:detail", twin_kwargs, world)
            site_opens = request(client, twin_method, twin).status_code == 200
            for name, (policy, method, kwargs) in sorted(ACCESS.items()):
                if policy not in ("api_party", "api_owner") or method != GET:
                    continue
                answer = request(client, method, staff_url(name, kwargs, world)).status_code
                expected = 200 if site_opens and name not in API_NEVER_STAFF and policy == "api_party" else 404
                if answer != expected:
                    problems.append(f"{role}, {session}: {name} answered {answer}, not {expected}")
                if answer == 200:
                    opened.add((role, session))
    assert not problems, "\n".join(problems)
    assert opened == {("superuser", "TOTP given"), ("support", "TOTP given")}
