"""Who load.py's users are and what they ask for: the pages of the mix, the targets chosen from
the seeded database (public profiles, the searches, members logged in with sessions written as
login() writes them), and a virtual user choosing its next request."""

import random
from dataclasses import dataclass, field
from importlib import import_module

from benchmarks.search_database import directory_page
from benchmarks.search_mix import searches

VISITOR_MIX = {"profile": 45, "home": 20, "search": 25, "directory": 10}
MEMBER_MIX = {"dashboard": 40, "bookings": 30, "notifications": 30}
MEMBER_PAGES = {"dashboard": "/dashboard/", "bookings": "/bookings/", "notifications": "/notifications/"}
VISITOR_PAGES_PER_VISIT = 8


@dataclass
class Targets:
    slugs: list[str]
    directory: str
    searches: list[str]
    member_sessions: list[tuple[str, str]]  # (who, session key)
    home: str = "/"  # the home page in the directory's language (/ itself redirects to one)


def language_home(directory_url: str) -> str:
    """The home page of the language tree the directory is in: /sv/ for /sv/frilansare/; the bare
    / answers with a redirect to the visitor's language, which is not the page to measure."""
    first = directory_url.strip("/").split("/")[0]
    return f"/{first}/" if first and first != directory_url.strip("/") else "/"


def choose_targets(args, rng: random.Random) -> Targets:
    """Public profiles to visit, the mix's searches, and --members members logged in (the demo
    freelancer, the demo client, then seeded members at random)."""
    from allauth.account.models import EmailAddress
    from django.conf import settings

    from marketplace.accounts.models import Profile, User
    from marketplace.demo.logins import DEMO_CLIENT, DEMO_FREELANCER

    base = directory_page().url
    public = Profile.objects.for_public_display()
    total = public.count()
    # A random sample without sorting 100,000 rows by random(): every n-th profile by key.
    step = max(1, total // 5000)
    slugs = list(public.order_by("pk").values_list("slug", flat=True)[::step]) if step > 1 else \
        list(public.values_list("slug", flat=True))
    mix = [f"{base}?{search.querystring}" for search in searches(args.seed)]

    members = [User.objects.get(email=DEMO_FREELANCER.email), User.objects.get(email=DEMO_CLIENT.email)]
    verified = EmailAddress.objects.filter(verified=True, primary=True).values("user_id")
    others = list(
        User.objects.filter(is_active=True, is_staff=False, role__in=[User.Role.FREELANCER, User.Role.CLIENT],
                            pk__in=verified)
        .exclude(pk__in=[member.pk for member in members])
        .order_by("pk")
        .values_list("pk", flat=True)[:20000]
    )
    chosen = rng.sample(others, min(len(others), max(0, args.members - len(members))))
    members += list(User.objects.filter(pk__in=chosen).order_by("pk"))
    members = members[: args.members]
    sessions = [(f"{member.role}:{member.email}", login_session(member)) for member in members]
    print(f"Targets: {len(slugs):,} public profiles of {total:,}, {len(mix)} searches, {len(sessions)} members "
          f"({', '.join(who for who, _ in sessions[:2])} and {max(0, len(sessions) - 2)} seeded ones); "
          f"sessions in {settings.SESSION_ENGINE}")
    return Targets(slugs=slugs, directory=base, searches=mix, member_sessions=sessions, home=language_home(base))


def login_session(user) -> str:
    """A session as django.contrib.auth.login() writes it: the user's key, the backend and the
    password hash's HMAC (with the server's SECRET_KEY, which this process shares)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def delete_sessions(keys: list[str]) -> None:
    from django.conf import settings

    engine = import_module(settings.SESSION_ENGINE)
    for key in keys:
        engine.SessionStore(session_key=key).delete()



@dataclass
class VirtualUser:
    """A logged-in member, or a visitor who starts a new visit without cookies after about
    VISITOR_PAGES_PER_VISIT pages."""

    member: tuple[str, str] | None  # (who, session key)
    rng: random.Random
    cookies: dict[str, str] = field(default_factory=dict)
    pages_left: int = 0

    def next_request(self, targets: Targets, session_cookie: str) -> tuple[str, str]:
        if self.member is not None:
            self.cookies.setdefault(session_cookie, self.member[1])
            page = self.rng.choices(list(MEMBER_MIX), weights=list(MEMBER_MIX.values()))[0]
            return page, MEMBER_PAGES[page]
        if self.pages_left <= 0:  # a new visitor, without cookies
            self.cookies.clear()
            self.pages_left = max(1, round(self.rng.expovariate(1 / VISITOR_PAGES_PER_VISIT)))
        self.pages_left -= 1
        page = self.rng.choices(list(VISITOR_MIX), weights=list(VISITOR_MIX.values()))[0]
        if page == "profile":
            return page, f"{targets.directory}{self.rng.choice(targets.slugs)}/"
        if page == "search":
            return page, self.rng.choice(targets.searches)
        if page == "directory":
            return page, targets.directory
        return page, targets.home
