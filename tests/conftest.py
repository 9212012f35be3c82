import itertools

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import connections

from marketplace.accounts import services
from marketplace.accounts.models import Skill, SkillCategory, User

pytest_plugins = [
    "tests.fakes.stripe_fixture",
    "tests.marketplace.bookings.fixtures",
    "tests.marketplace.passport.fixtures",
    "tests.pages.fixtures",
    # After the passport fixtures, which it imports, so that pytest rewrites their asserts.
    "tests.access",
]

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


@pytest.fixture
def make_member(db):
    """Create a member the way signup does; verified unless told otherwise."""

    def make(role=User.Role.FREELANCER, *, name=None, email=None, verified=True, **profile_fields):
        n = next(_counter)
        email = email or f"member{n}@example.com"
        user = User.objects.create_user(email=email, password=PASSWORD)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
        profile = services.member_complete_signup(user=user, role=role, display_name=name or f"Member {n}")
        if profile_fields:
            for key, value in profile_fields.items():
                setattr(profile, key, value)
            profile.save()
        user.refresh_from_db()
        return user

    return make


@pytest.fixture
def freelancer(make_member):
    return make_member(User.Role.FREELANCER, name="Astrid Lindqvist", city="Göteborg", country="SE",
                       headline="Certified welder", hourly_rate=65000, currency="SEK")


@pytest.fixture
def client_user(make_member):
    return make_member(User.Role.CLIENT, name="Nordbygg AB")


@pytest.fixture
def skills(db):
    construction = SkillCategory.objects.create(name="Construction", slug="construction")
    it = SkillCategory.objects.create(name="IT", slug="it")
    return {
        "welding": Skill.objects.create(name="Welding", slug="welding", category=construction),
        "carpentry": Skill.objects.create(name="Carpentry", slug="carpentry", category=construction),
        "python": Skill.objects.create(name="Python", slug="python", category=it),
    }


@pytest.fixture
def logged_in(client):
    """Log a member in on the test client and return the client."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture(scope="session", autouse=True)
def _staff_sign_in_with_their_second_factor():
    """force_login signs a staff account with TOTP in as allauth would: with its code given
    (tests/second_factor.py). Accounts without TOTP get a password-only session."""
    from django.test import Client

    from tests.second_factor import _plain_force_login, force_login

    Client.force_login = force_login
    yield
    Client.force_login = _plain_force_login


@pytest.fixture(autouse=True)
def _language_back_to_the_default():
    """A request from a member who reads Swedish leaves Swedish active in the thread after it
    (LocaleMiddleware and MemberLanguageMiddleware activate, nothing deactivates): every test
    ends in the settings' language, so the next one does not read Swedish by accident."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached lookups live in the cache: no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _remove_test_media():
    yield
    import shutil

    from django.conf import settings

    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    private_location = settings.STORAGES["private"].get("OPTIONS", {}).get("location")
    if private_location:
        shutil.rmtree(private_location, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` (row-lock races, full-text search) are skipped on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    from tests.browser.judges import ARTIFACTS

    if ARTIFACTS.exists() and any(ARTIFACTS.iterdir()):
        terminalreporter.write_sep("-", "browser test artifacts")
        terminalreporter.write_line(f"Screenshots, page HTML and the judges' reports: {ARTIFACTS}")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, plus what the migrations put in it (Wagtail's root page,
    groups, content types...) serialized while it is fresh: the browser tests start from it
    (tests/browser/conftest.py), whatever the transactional tests before them left."""
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            connection = connections[alias]
            if not hasattr(connection, "_test_serialized_contents"):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(scope="session")
def serialized_database(django_db_setup):
    """What the migrations put in the test database (Wagtail's root page, groups...), as
    Django serialized it when it set the database up, for serialized rollback. Taken before
    Playwright starts: its sync API runs this thread in greenlets, and each greenlet has
    its own context, so its own database connection objects without the serialization."""
    return {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}


@pytest.fixture
def migrated_data(serialized_database, transactional_db):
    """For transactional tests that need the migrations' rows (the browser tests, the backup
    drill, the admin's sign-in steps): start from exactly what the migrations left (Wagtail's
    root page, groups, content types with their ids), whatever the tests before left: empty
    the tables, load the serialized data, forget cached content types. Not Django's serialized
    rollback: that one flushes afterwards without post_migrate, which the next transactional
    test would trip on."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style

    for alias, contents in serialized_database.items():
        if contents is not None:
            call_command("flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0)
            connection = connections[alias]
            connection.creation.deserialize_db_from_string(contents)
            # The rows came with their ids: move the sequences past them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                    cursor.execute(sql)
    ContentType.objects.clear_cache()
