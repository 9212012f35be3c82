"""Every URL pattern of the site (ours, Wagtail's pages and admin, allauth's, the documents')
walked with hostile values, as a visitor and as both parties of a booking, and the admin and our
staff screens as staff: nothing answers 5xx (bar Wagtail's listed staff-only crashes).

Each path argument gets values its converter's regex still lets through (a NUL byte, 5,000
characters, bytes that are not UTF-8, look-alike letters and digits, "..", emoji, numbers past
PostgreSQL's integer and bigint), and every pattern is asked again with hostile query strings
(NUL, overflowing and negative numbers, repeated keys, deep brackets, invalid UTF-8) under the
names our forms and views read. A POST-only view (405 to GET) gets hostile bodies: form fields,
invalid UTF-8, and a deeply nested JSON document. An odd request may be refused (400, 404...);
it must never reach the database or a parser in a form that breaks it (a 500).

A new URL pattern is walked without anyone adding it here; a new regex pattern needs its
sample shape in REGEX_SHAPES, and a new converter its hostile values in VALUES (the tests
say so)."""

import re
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest
from django import forms
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, converters, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from marketplace.core.i18n import LanguagePrefixPattern
from tests.access import ACCESS, OURS, build

pytestmark = pytest.mark.django_db

NUL = "%00"
LONG = "a" * 5000
NOT_UTF8 = "%ff%fe%c3%28"
CYRILLIC = "%D0%B0dmin"  # "аdmin" with a Cyrillic а
FULLWIDTH = "%EF%BC%91%EF%BC%92%EF%BC%93"  # "１２３": \d and str.isdigit() accept them
SUPERSCRIPT = "%C2%B2"  # "²": str.isdigit() accepts it, int() does not
EMOJI = "%F0%9F%A6%84"
CRLF = "%0d%0aSet-Cookie:%20x=1"
MARKUP = "%3Cscript%3E%27%22"
INT4_OVER = "2147483648"  # one past PostgreSQL's integer (Wagtail's page ids)
HUGE = "99999999999999999999"  # past bigint (our ids)

# Hostile values per converter, already written as they appear in a URL. Each must still match
# the converter's regex, or the request never reaches the view (checked below).
VALUES = {
    "int": [INT4_OVER, HUGE, "0" * 30 + "1"],
    "str": [NUL, LONG, NOT_UTF8, CYRILLIC, FULLWIDTH, SUPERSCRIPT, "..", EMOJI, CRLF, MARKUP],
    "slug": [LONG, "-", "_", "0" * 30],
    "path": [NUL, LONG, NOT_UTF8, CYRILLIC, "../../../etc/passwd", "..%2f..%2fsettings.py", EMOJI, CRLF],
    "uuid": ["ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-0000-000000000000"],
    # The shapes of the regex patterns below: \w (Unicode word characters) and [0-9A-Za-z].
    "word": [LONG, CYRILLIC, FULLWIDTH, "_", NUL],
    "alnum": ["z" * 40, "0"],
}
# Harmless values, for the URL the hostile query strings and bodies are sent to.
TAME = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000",
        "word": "x", "alnum": "1"}
CONVERTERS = {converters.IntConverter: "int", converters.StringConverter: "str", converters.SlugConverter: "slug",
              converters.PathConverter: "path", converters.UUIDConverter: "uuid"}

# Regex patterns (Wagtail's and allauth's) in the walk's own notation: each <kind> is filled
# from VALUES like a converter's argument.
REGEX_SHAPES = {
    r"^(?P<pk>\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$":
        ["<int>/revisions/compare/<int>...live/", "<int>/revisions/compare/earliest...<int>/"],
    r"^.*/$": ["<path>/"],
    r"^(\d+)/(.*)$": ["<int>/<path>"],
    r"^confirm-email/(?P<key>[-:\w]+)/$": ["confirm-email/<word>/"],
    r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": ["password/reset/key/<alnum>-<path>/"],
    # The admin's API (its endpoints under admin/api/main/).
    r"^pages/": ["pages/"],
    r"^documents/": ["documents/"],
    r"^images/": ["images/"],
    # Wagtail's pages: the home page's children, the directory's profiles, anything deeper.
    r"^((?:[\w\-]+/)*)$": ["<word>/", "freelancers/<word>/", "freelancers/<word>/<word>/", "about/<word>/"],
}

# Query parameter names Wagtail's admin and allauth read; ours are found in the code (below).
PARAMS = ["q", "p", "page", "next", "ordering", "sort", "order", "locale", "collection_id", "tag", "format", "id",
          "action", "key", "search", "filter", "type", "parent_page_id", "for_user", "content_type", "fields"]
READ_BY_HAND = re.compile(r"""(?:request\.(?:GET|POST)|query)\s*(?:\.get(?:list)?\(|\[)\s*["'](\w+)["']""")


def request_param_names() -> set[str]:
    """What our views read from request.GET/POST by hand (and from `query = request.GET`)."""
    root = Path(__file__).resolve().parents[1]
    names = set()
    for folder in ("marketplace", "pages"):
        for path in root.joinpath(folder).rglob("*.py"):
            names.update(READ_BY_HAND.findall(path.read_text()))
    return names


def form_field_names() -> set[str]:
    """Every field name of every form class in our apps' form modules."""
    root = Path(__file__).resolve().parents[1]
    names = set()
    for path in sorted(root.joinpath("marketplace").rglob("*.py")):
        if "forms" not in path.stem and path.parent.name != "forms":
            continue
        module = import_module(".".join(path.relative_to(root).with_suffix("").parts))
        for thing in vars(module).values():
            if isinstance(thing, type) and issubclass(thing, forms.BaseForm) and hasattr(thing, "base_fields"):
                names.update(thing.base_fields)
    return names


def query_strings(names) -> list[str]:
    deep = "a" + "[b]" * 500
    return [
        "&".join(f"{name}={NUL}" for name in names),
        "&".join(f"{name}=-1&{name}={HUGE}" for name in names),
        "&".join(f"{name}={LONG[:1000]}" for name in names) + f"&q={LONG}",
        "&".join(f"{name}={NOT_UTF8}&{name}={FULLWIDTH}&{name}={SUPERSCRIPT}" for name in names) + f"&{NOT_UTF8}=1",
        "&".join(f"{name}=1e999999999&{name}=nan&{name}=-inf" for name in names),
        f"{deep}=1&q[]=1&q[x]=2&page[]=1&next=//evil.example&next=javascript:alert(1)",
    ]


def post_bodies(names) -> list[dict]:
    nested = "[" * 5000 + "]" * 5000
    return [
        {"data": {name: "\x00" for name in names}},
        {"data": {name: ["-1", HUGE, "\u00b2"] for name in names}},
        {"data": {name: LONG for name in names}},
        {"data": "&".join(f"{name}={NOT_UTF8}" for name in names), "content_type": "application/x-www-form-urlencoded"},
        {"data": nested, "content_type": "application/json"},
        {"data": '{"a": ' * 2000 + "1" + "}" * 2000, "content_type": "application/json"},
    ]


# Signing out would turn the rest of a member's or staff walk into a visitor's.
SIGN_OUT = {"account_logout", "wagtailadmin_logout"}


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route as Django reports it on a match (ResolverMatch.route)
    shapes: tuple[str, ...]  # the same in the walk's notation, "passport/documents/<int>/"
    name: str | None


def _shapes(pattern) -> list[str] | None:
    if isinstance(pattern, RoutePattern):
        kinds = {name: CONVERTERS.get(type(conv)) for name, conv in pattern.converters.items()}
        if None in kinds.values():
            return None
        return [re.sub(r"<(?:\w+:)?(\w+)>", lambda m: f"<{kinds[m.group(1)]}>", str(pattern))]
    if isinstance(pattern, RegexPattern):
        return REGEX_SHAPES.get(str(pattern))
    if isinstance(pattern, LocalePrefixPattern | LanguagePrefixPattern):
        # i18n_patterns' (and core.i18n's, in an app's URLconf) "en/", "sv/": the walk goes in the
        # active language (LANGUAGE_CODE), whose prefix Django reports in the route; the other
        # language's views are the same.
        return [str(pattern)]
    return None


def every_pattern() -> tuple[list[Pattern], list[str]]:
    """All URL patterns, with their shapes; and those the walk does not know how to fill."""
    found, unknown = [], []

    def walk(patterns, route, shapes, namespace):
        for pattern in patterns:
            own = _shapes(pattern.pattern)
            if own is None:
                unknown.append(route + str(pattern.pattern))
                continue
            full_route = route + str(pattern.pattern).removeprefix("^") if route else str(pattern.pattern)
            combined = tuple(prefix + shape for prefix in shapes for shape in own)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, full_route, combined,
                     ":".join(filter(None, (namespace, pattern.namespace))) or None)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                found.append(Pattern(full_route, combined, name))

    walk(get_resolver().url_patterns, "", ("",), None)
    return found, unknown


def fill(shape: str, index: int) -> str:
    return "/" + re.sub(r"<(\w+)>", lambda m: VALUES[m.group(1)][index % len(VALUES[m.group(1)])], shape)


def tame_url(pattern: Pattern, world) -> str:
    if pattern.name in ACCESS:
        return build(pattern.name, ACCESS[pattern.name][2], world)
    return "/" + re.sub(r"<(\w+)>", lambda m: TAME[m.group(1)], pattern.shapes[0])


def hostile_urls(pattern: Pattern) -> list[str]:
    urls = []
    for shape in pattern.shapes:
        kinds = re.findall(r"<(\w+)>", shape)
        count = max((len(VALUES[kind]) for kind in kinds), default=0)
        urls += [fill(shape, index) for index in range(count)]
    return list(dict.fromkeys(urls))


def describe(body: dict) -> str:
    if not body:
        return ""
    data = body["data"]
    sample = next(iter(data.values())) if isinstance(data, dict) else data
    return f" with {body.get('content_type', 'multipart')} body {str(sample)[:40]!r}"


class Walker:
    """Sends requests and notes any 5xx or exception, and which route each request reached."""

    def __init__(self, known=lambda crash: None):
        self.known = known  # (route, exception's name) -> the known entry it matches, or None
        self.known_seen: set[tuple] = set()
        self.problems: list[str] = []
        self.reached: set[str] = set()
        self.count = 0

    def send(self, who: str, client: Client, method: str, url: str, **body):
        self.count += 1
        # A failed query must not take the test's transaction down with it on PostgreSQL.
        try:
            with transaction.atomic():
                response = getattr(client, method.lower())(url, **body)
        except Exception as exc:  # noqa: BLE001 - every crash is a finding, reported together
            crash = (resolve(_path_info(url.split("?")[0])).route, type(exc).__name__)
            if entry := self.known(crash):
                self.known_seen.add(entry)
            else:
                self.problems.append(f"{who} {method} {url[:150]}{describe(body)}: {crash[1]} in {crash[0]}: "
                                     f"{str(exc)[:150]}")
            return None
        if response.status_code >= 500:
            self.problems.append(f"{who} {method} {url[:150]}{describe(body)}: {response.status_code}")
        try:
            self.reached.add(response.resolver_match.route)
        except Resolver404:
            pass
        return response

    def visit(self, who: str, client: Client, url: str, bodies: list[dict]):
        response = self.send(who, client, "GET", url)
        if response is not None and response.status_code == 405:
            for body in bodies:
                self.send(who, client, "POST", url, **body)


@pytest.fixture
def site(world, make_page_tree, settings):
    """The access walk's world (a booking in progress, its parties, files), the page tree, and
    limits high enough that the walk reaches every view instead of the 429 page."""
    make_page_tree()
    settings.STRIPE_WEBHOOK_SECRET = "whsec_walk"
    settings.VALUND_RATE_LIMITS = {name: "1000000/s/ip,1000000/s/user" for name in settings.VALUND_RATE_LIMITS}
    settings.ACCOUNT_RATE_LIMITS = False
    return world


def test_the_walk_knows_every_pattern_and_its_values_match_the_converters():
    """Each pattern's hostile URLs resolve: to the pattern itself, or to an earlier one that
    answers those addresses instead (Wagtail's catch-all page route shadows its _util/ routes,
    and ours shadows Wagtail's own). A value its converter refuses would test nothing."""
    patterns, unknown = every_pattern()
    assert not unknown, f"Give these patterns a shape in REGEX_SHAPES or their converter VALUES: {unknown}"
    assert len(patterns) > 300  # ours, allauth's and Wagtail's admin
    earlier = set()
    for pattern in patterns:
        urls = hostile_urls(pattern) or [fill(shape, 0) for shape in pattern.shapes]
        reached = set()
        for url in urls:
            try:
                reached.add(resolve(_path_info(url)).route)
            except Resolver404:
                continue
        assert pattern.route in reached or reached & earlier, f"No hostile URL reaches {pattern.route}: {urls[:3]}"
        earlier.add(pattern.route)


def _path_info(url: str) -> str:
    """The path as a WSGI server hands it to Django (Django then repairs broken UTF-8 itself)."""
    from urllib.parse import unquote_to_bytes

    from django.core.handlers.wsgi import get_path_info

    return get_path_info({"PATH_INFO": unquote_to_bytes(url).decode("iso-8859-1")})


def test_no_pattern_answers_5xx_to_hostile_paths_queries_or_bodies(site):
    names = sorted(set(PARAMS) | request_param_names() | form_field_names())
    queries, bodies = query_strings(names), post_bodies(names)
    patterns, _unknown = every_pattern()
    walker = Walker()
    roles = {"visitor": Client()}
    for role in ("freelancer", "client"):
        roles[role] = Client()
        roles[role].force_login(site[role], backend="django.contrib.auth.backends.ModelBackend")
    for pattern in patterns:
        # The admin sends visitors and members away before it reads anything: one member and the
        # first two query strings will do there.
        admin = pattern.route.startswith("admin/")
        tame = tame_url(pattern, site)
        for who in ["freelancer"] if admin else list(roles):
            if pattern.name in SIGN_OUT and who != "visitor":
                continue
            for url in hostile_urls(pattern):
                walker.visit(who, roles[who], url, bodies[1:2])
            for query in queries[:2] if admin else queries:
                walker.visit(who, roles[who], f"{tame}?{query}", bodies[1:2])
            walker.visit(who, roles[who], tame, bodies)
    print(f"{walker.count} requests")  # noqa: T201 - the walk's size, shown with -s
    assert not walker.problems, f"{len(walker.problems)} of {walker.count} requests failed:\n" + "\n".join(
        walker.problems)
    ours = {pattern.route for pattern in patterns if pattern.name and pattern.name.split(":")[0] in OURS}
    for role in ("freelancer", "client"):  # still signed in at the end: the walk was theirs throughout
        assert roles[role].get("/dashboard/").status_code == 200, role
    assert ours <= walker.reached, f"Never reached: {sorted(ours - walker.reached)}"


# Wagtail's own crashes, reachable only by staff with the second factor (a crafted link or
# form), as (route regex, exception regex, why); reported upstream rather than patched here.
# Anything else that crashes fails the test, and so does an entry that no longer crashes, so
# the list can only shrink.
KNOWN_WAGTAIL_STAFF_CRASHES = [
    (r"admin/failwhale/", "Exception", "Wagtail's view that raises on purpose, to test error reporting"),
    (r"admin/.+/chosen/<str:pk>/", "ValueError", "every chooser's 'chosen' view looks a non-numeric pk up"),
    (r"admin/.+/chosen-multiple/", "ValueError|OverflowError", "every chooser's ?id= values go into pk__in"),
    (r"admin/(pages/<int:page_id>/(un)?lock|workflows/(tasks/)?enable/<int:pk>|workflows/remove/.+)/",
     "NoReverseMatch", "redirect(next) with a ?next= that is neither a URL nor a view name"),
    (r"admin/choose-(anchor|email|external|phone)-link/", "NoReverseMatch", "?parent_page_id= into reverse()"),
    (r"admin/images/chooser/(results/)?", "FilterFieldError", "image chooser filters the search backend refuses"),
    (r"admin/redirects/import/process/", "KeyError", "a POST without the import form's input_format"),
    (r"admin/pages/<int:page_to_move_id>/set_position/", "AttributeError", "the root page (id 1) has no parent"),
    # SQLite only: a number past 2**63 in a filter's pk__in (PostgreSQL compares it as numeric).
    (r"admin/(pages|users|users/results|forms|forms/results)/", "OverflowError",
     "?content_type=, ?site=, ?group= past bigint (the form pages' listing filters by page type)"),
]


def known_crash(crash: tuple[str, str]):
    route, exception = crash
    return next((entry for entry in KNOWN_WAGTAIL_STAFF_CRASHES
                 if re.fullmatch(entry[0], route) and re.fullmatch(entry[1], exception)), None)


def test_no_admin_or_staff_page_answers_5xx_to_hostile_paths_or_queries_for_staff(site):
    """The admin and our staff screens as a superuser with the second factor, where the views
    run past the permission checks: every pattern with its hostile paths, and the pages without
    arguments (listings, searches, reports) with the hostile query strings."""
    names = sorted(set(PARAMS) | request_param_names() | form_field_names())
    queries, bodies = query_strings(names), post_bodies(names)
    patterns, _unknown = every_pattern()
    staff = Client()
    staff.force_login(site["staff"], backend="django.contrib.auth.backends.ModelBackend")
    walker = Walker(known=known_crash)
    for pattern in patterns:
        if not (pattern.route.startswith("admin/") or ACCESS.get(pattern.name, ("",))[0] == "staff"):
            continue
        if pattern.name in SIGN_OUT:
            continue
        for url in hostile_urls(pattern):
            walker.visit("staff", staff, url, bodies[1:2])
        if "<" not in pattern.shapes[0]:
            for query in queries[1:]:
                walker.visit("staff", staff, f"{tame_url(pattern, site)}?{query}", bodies[1:2])
    print(f"{walker.count} requests as staff")  # noqa: T201 - the walk's size, shown with -s
    assert not walker.problems, f"{len(walker.problems)} of {walker.count} requests failed:\n" + "\n".join(
        walker.problems)
    expected = {entry for entry in KNOWN_WAGTAIL_STAFF_CRASHES
                if entry[1] != "OverflowError" or connection.vendor == "sqlite"}
    assert walker.known_seen == expected, f"Wagtail no longer crashes here: {expected - walker.known_seen}"
    assert staff.get("/admin/").status_code == 200  # still signed in, with the powers, at the end
