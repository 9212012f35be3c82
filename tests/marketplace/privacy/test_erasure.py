"""Closing an account: refused while a booking, held money or a dispute needs the member; else
at once, leaving no personal data in any table, file, cache or search entry, while the ledger,
the payments and the audit log stay whole under a pseudonym."""

import io
import zipfile

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import translation
from wagtail.search.models import IndexEntry

from marketplace.accounts.fields import FORMER_MEMBER
from marketplace.accounts.models import Profile, User, UserSkill
from marketplace.backups.files import walk
from marketplace.bookings.models import Attachment, Booking, Message
from marketplace.core.storage import private_storage
from marketplace.notifications.models import Notification
from marketplace.notifications.services import notify
from marketplace.passport.models import CompetenceAuditLog, CompetenceFile
from marketplace.payments import services as payments
from marketplace.payments.reconcile import reconcile
from marketplace.payments.selectors import ledger_totals
from marketplace.privacy import services
from marketplace.privacy.models import DataRequest
from marketplace.search.models import SavedSearch, SearchEntry
from tests.clients import as_user, text_of
from tests.conftest import PASSWORD
from tests.marketplace.bookings.fixtures import fund_escrow
from tests.second_factor import with_second_factor

CONFIRM = {"password": PASSWORD, "confirm": "on"}


def _tables_containing(needles) -> dict[str, list[str]]:
    """Every table and column whose text (any column, cast to text) contains one of `needles`,
    case-insensitively: on PostgreSQL that includes tsvectors and JSON."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            for column in connection.introspection.get_table_description(cursor, table):
                name = connection.ops.quote_name(column.name)
                for needle in needles:
                    cursor.execute(f"SELECT COUNT(*) FROM {quoted} WHERE LOWER(CAST({name} AS TEXT)) LIKE %s",  # noqa: S608
                                   [f"%{needle.lower()}%"])
                    if cursor.fetchone()[0]:
                        found.setdefault(table, []).append(f"{column.name}: {needle}")
    return found


def _stored() -> set[tuple[str, str]]:
    """Every file in public and private storage (the test session's folders)."""
    return {("media", name) for name in walk(default_storage)} | {("private", name) for name in walk(private_storage())}


def _files_naming(files, needles) -> list[str]:
    """The files whose name or content (a ZIP's members read out) contains one of `needles`."""
    found = []
    for where, name in sorted(files):
        content = (default_storage if where == "media" else private_storage()).open(name, "rb").read()
        if zipfile.is_zipfile(io.BytesIO(content)):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                content = b"".join(archive.read(member) for member in archive.namelist())
        text = f"{name}\n{content.decode('utf-8', 'replace')}".lower()
        found += [f"{where}/{name}: {needle}" for needle in needles if needle.lower() in text]
    return found


@pytest.fixture
def stored_before():
    """The files already in the session's storage before the member's world is made: requested
    first, so that every file the test's members get is new against it."""
    return _stored()


@pytest.fixture
def before(member_world):
    member = member_world["member"]
    return {
        # What is the member's own and nobody else's: their names, email, certificate number, bio.
        "needles": ["Astrid", "Lindqvist", member.email, "HA-77123", "Welding since 2004",
                    "Svetsar sedan 2004"],
        "files": [(default_storage, member.profile.avatar.name)]
        + [(private_storage(), f.file.name) for f in CompetenceFile.objects.filter(document__owner=member)]
        + [(private_storage(), a.file.name) for a in Attachment.objects.filter(uploaded_by=member)],
        "slug_url": member.profile.get_absolute_url(),
        "verify_urls": [reverse("passport:verify", args=[d.verification_code])
                        for d in member.competence_documents.all()],
        "ledger": ledger_totals(),
        "audit": list(CompetenceAuditLog.objects.filter(actor=member).values_list("pk", "action")),
    }


def test_the_needles_are_everywhere_before(member_world, before):
    """The scan finds the member before: it is not blind."""
    found = _tables_containing(before["needles"])
    assert {"accounts_user", "accounts_profile", "passport_competencedocument", "notifications_notification",
            "credentials_issuedcredential"} <= set(found)
    assert all(storage.exists(name) for storage, name in before["files"])


def test_closing_leaves_no_personal_data_anywhere(stored_before, member_world, before, page_tree, settings,
                                                   django_capture_on_commit_callbacks):
    member, client_user = member_world["member"], member_world["client"]
    page = as_user(member)
    with django_capture_on_commit_callbacks(execute=True):  # an export, ready to download, in storage
        page.post(reverse("privacy:export"))
    export = DataRequest.objects.get(member=member, kind=DataRequest.Kind.EXPORT)
    assert export.status == DataRequest.Status.READY and private_storage().exists(export.file)
    # The storage scan is not blind: it finds the photo by its name and the export by its contents.
    naming = _files_naming(_stored() - stored_before, before["needles"])
    assert any("astrid" in line.split(":")[0] for line in naming)
    assert any(line.startswith(f"private/{export.file}: ") for line in naming)
    settings.VALUND_PAGE_CACHE = True
    visitor = as_user(None)
    assert visitor.get(before["slug_url"], follow=True).status_code == 200
    assert visitor.get(before["slug_url"], follow=True).headers.get("X-Page-Cache", "").lower() == "hit"
    assert visitor.get(before["verify_urls"][0], follow=True).status_code == 200
    elsewhere = as_user(member)  # another device, signed in

    with django_capture_on_commit_callbacks(execute=True):
        response = page.post(reverse("privacy:close"), CONFIRM)
    assert response.status_code == 302 and response["Location"] == reverse("privacy:closed")

    assert _tables_containing(before["needles"]) == {}
    for storage, name in before["files"]:
        assert not storage.exists(name), name
    assert _files_naming(_stored() - stored_before, before["needles"]) == []
    assert not private_storage().exists(export.file)
    # Public pages are gone, from the cache too; the member is signed out everywhere.
    assert visitor.get(before["slug_url"], follow=True).status_code == 404
    for url in before["verify_urls"]:
        assert visitor.get(url, follow=True).status_code == 404
    assert elsewhere.get(reverse("dashboard:index")).status_code == 302
    assert not as_user(None).login(username=before["needles"][2], password=PASSWORD)

    member.refresh_from_db()
    assert not member.is_active and not member.has_usable_password()
    assert member.email == f"erased-{services.pseudonym(member.pk)}@erased.invalid"
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not Authenticator.objects.filter(user=member).exists()
    assert not SavedSearch.objects.filter(owner=member).exists()
    assert not SearchEntry.objects.filter(profile__user=member).exists()
    assert not IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Profile),
                                         object_id=str(member.profile.pk)).exists()
    profile = Profile.objects.get(user=member)
    assert (profile.display_name, profile.city, profile.bio, profile.avatar.name) == ("Former member", "", "", "")
    assert not UserSkill.objects.filter(profile=profile).exists()

    # What the law keeps stays, whole: the ledger, the payments, the audit log (same rows, same actor).
    assert ledger_totals() == before["ledger"]
    assert reconcile()[1] == []
    assert list(CompetenceAuditLog.objects.filter(actor=member).values_list("pk", "action")) == before["audit"]
    booking = member_world["booking"]
    assert Message.objects.filter(booking=booking, sender=member).count() == 1
    other_side = text_of(as_user(client_user).get(booking.get_absolute_url()))
    assert "Former member" in other_side and "Astrid" not in other_side

    [record] = DataRequest.objects.filter(member=member, kind=DataRequest.Kind.ERASURE)
    assert record.status == DataRequest.Status.DONE and record.requested_by == member
    assert record.record["pseudonym"] == services.pseudonym(member.pk) and record.record["files"] == 4


def test_the_pseudonym_is_stable_and_secret_keyed(settings, freelancer):
    first = services.pseudonym(freelancer.pk)
    assert services.pseudonym(freelancer.pk) == first
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert services.pseudonym(freelancer.pk) != first


@pytest.fixture
def simulated(simulated_mode):
    return None


def _refused(member, *, contains):
    before = User.objects.get(pk=member.pk).email
    response = as_user(member).post(reverse("privacy:close"), CONFIRM)
    assert response.status_code == 409
    page = text_of(response)
    assert contains in page and "Settle these first" in page
    member.refresh_from_db()
    assert member.is_active and member.email == before
    assert DataRequest.objects.filter(member=member, status=DataRequest.Status.REFUSED).exists()
    return page


def test_closure_is_refused_while_a_booking_is_open(simulated, make_booking, freelancer, client_user):
    booking = make_booking(Booking.Status.ACCEPTED)
    for member in (freelancer, client_user):
        page = _refused(member, contains="The booking is still open")
        assert f'href="{booking.get_absolute_url()}"' in as_user(member).get(reverse("privacy:close")).content.decode()
        assert booking.title in page


def test_closure_is_refused_while_money_is_held(simulated, life, freelancer, client_user):
    booking = life.accepted(pricing="fixed", fixed_price=100_000)
    fund_escrow(booking)
    life.start(booking)
    booking = life.auto_complete(booking)  # completed; the money is still in escrow
    assert booking.status == Booking.Status.COMPLETED
    _refused(client_user, contains="Money is still held for this booking")
    _refused(freelancer, contains="Money is still held for this booking")


def test_closure_is_refused_while_a_dispute_is_open(simulated, life, client_user):
    booking = life.accepted(pricing="fixed", fixed_price=100_000)
    fund_escrow(booking)
    life.start(booking)
    booking = life.auto_complete(booking)
    payments.dispute_open(actor=client_user, booking=booking, reason="quality", description="The welds crack.")
    _refused(client_user, contains="A dispute about this booking's payment is open")


def test_a_wrong_password_or_missing_second_factor_closes_nothing(freelancer):
    response = as_user(freelancer).post(reverse("privacy:close"), {**CONFIRM, "password": "wrong"})
    assert response.status_code == 200 and "The password is not right." in text_of(response)
    with_second_factor(freelancer)
    response = as_user(freelancer).post(reverse("privacy:close"), {**CONFIRM, "code": "000000"})
    assert "The two-factor code is not right." in text_of(response)
    freelancer.refresh_from_db()
    assert freelancer.is_active and not DataRequest.objects.filter(member=freelancer).exists()


def test_staff_close_an_account_in_the_admin_with_their_second_factor_only(freelancer, make_staff,
                                                                            django_capture_on_commit_callbacks):
    url = reverse("data_requests:act")
    form = {"email": freelancer.email, "kind": "erasure", "note": "Letter of 3 Dec, identity checked by phone."}
    no_factor = make_staff(superuser=True, second_factor=False)
    assert as_user(no_factor).post(url, form).status_code in (302, 403)
    assert User.objects.get(pk=freelancer.pk).is_active

    staff = make_staff(superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(staff).post(url, form)
    record = DataRequest.objects.get(member=freelancer, kind=DataRequest.Kind.ERASURE)
    assert response.status_code == 302 and response["Location"] == reverse("data_requests:detail", args=[record.pk])
    assert record.handled_by == staff and record.requested_by == staff and record.note.startswith("Letter")
    assert not User.objects.get(pk=freelancer.pk).is_active
    detail = as_user(staff).get(response["Location"]).content.decode()
    assert services.pseudonym(freelancer.pk) in detail
    assert as_user(make_staff(superuser=True)).get(reverse("data_requests:index")).status_code == 200


def test_a_former_member_is_named_in_each_reader_s_language(member_world, make_staff,
                                                             django_capture_on_commit_callbacks):
    """The closed profile stores the English sentinel and reads it in the reader's language, on
    every page that shows profile.display_name; other members' notifications that named the
    member are rewritten in each recipient's own language (#25, #21)."""
    member, client_user, other = member_world["member"], member_world["client"], member_world["other"]
    booking = member_world["booking"]
    client_user.language = "sv"
    client_user.save()
    other.language = "en"
    other.save()
    no_choice = make_staff()  # no language chosen: the site's default (English under the test settings)
    for recipient, key in ((other, "test:en"), (no_choice, "test:default")):
        notify(recipient=recipient, kind="message", event_key=key, title="Astrid Lindqvist sent a message",
               body="Astrid Lindqvist: see you at eight.")

    with django_capture_on_commit_callbacks(execute=True):
        assert as_user(member).post(reverse("privacy:close"), CONFIRM).status_code == 302

    # Stored: the sentinel, whatever the language of the request that closed the account.
    stored = Profile.objects.filter(user=member).values_list("display_name", flat=True)
    assert list(stored) == [FORMER_MEMBER] == ["Former member"]
    with translation.override("sv"):
        profile = Profile.objects.get(user=member)
        assert profile.display_name == str(profile) == "Tidigare medlem" and profile.initials == "TM"
        profile.save()  # saved under Swedish: the sentinel stays
        profile.refresh_from_db()
        Profile.objects.bulk_update([profile], ["display_name"])
        assert Profile.objects.filter(display_name=profile.display_name).get() == profile
    assert list(stored) == ["Former member"]
    with translation.override("en"):
        assert Profile.objects.get(user=member).display_name == "Former member"
    assert profile.display_name == "Former member"  # the same object, read again in English

    # A real page: the booking as the client reads it in Swedish (their language), then in English.
    browser = as_user(client_user)
    swedish = text_of(browser.get(booking.get_absolute_url()))
    assert 'lang="sv"' in swedish
    assert "Tidigare medlem" in swedish and "Former member" not in swedish and "Astrid" not in swedish
    client_user.language = "en"
    client_user.save()
    english = text_of(browser.get(booking.get_absolute_url()))
    assert 'lang="en"' in english
    assert "Former member" in english and "Tidigare medlem" not in english

    # Notifications: each recipient's own language.
    [to_client] = Notification.objects.filter(recipient=client_user, event_key="test:2")
    assert (to_client.title, to_client.body) == ("Tidigare medlem sent a message",
                                                 "Tidigare medlem: Yes, I bring my own welder.")
    for recipient, key in ((other, "test:en"), (no_choice, "test:default")):
        notification = Notification.objects.get(recipient=recipient, event_key=key)
        assert (notification.title, notification.body) == ("Former member sent a message",
                                                            "Former member: see you at eight.")
