"""Closing an account (erasure): personal data are erased or replaced in every app's tables in
one transaction, and what the law makes us keep (bookings, payments, audit entries) stays under
a pseudonym.

Erasure reaches into every app's tables at once: it is one transaction that must leave no
personal data anywhere, so it lives here, on the top layer, rather than as a chain of calls
into each app."""

import hashlib
import hmac
import json
import logging
import secrets
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Cast, Replace
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import ModelLogEntry, Site
from wagtail.search import index as wagtail_index

from marketplace.accounts.fields import FORMER_MEMBER
from marketplace.accounts.models import Profile
from marketplace.accounts.selectors import language_for
from marketplace.bookings.models import Attachment, Booking
from marketplace.core.errors import DomainError, InvalidTransition
from marketplace.core.pagecache import purge_paths
from marketplace.core.storage import private_storage
from marketplace.credentials import services as credentials
from marketplace.credentials.models import HolderDid, IssuedCredential
from marketplace.notifications.models import EmailPreference, Notification
from marketplace.passport.models import CompetenceDocument, CompetenceFile, CompetenceReview
from marketplace.payments.models import DisputeEvidence, SavedPaymentMethod, StripeWebhookEvent
from marketplace.ratings.models import Rating, RatingFlag
from marketplace.search.models import SavedSearch, SearchAnalytics, SearchEntry
from marketplace.search.services import index_changed
from pages import purge

from .. import selectors
from ..models import DataRequest

logger = logging.getLogger(__name__)
User = get_user_model()

# FORMER_MEMBER (accounts.fields) is the closed profile's display name: stored as that English
# sentinel, read in each reader's language ("Tidigare medlem"); privacy.services exports it too.


def pseudonym(user_id) -> str:
    """A stable stand-in for a member who closed their account: the same for every record of
    theirs, and not to be turned back into the member without the site's secret key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"valund-member:{user_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


def check_password_and_factor(*, user, password: str, code: str = "") -> None:
    """Closing an account is confirmed with the password, and with a TOTP code when the member
    has one (a recovery code counts too)."""
    if not user.check_password(password):
        raise DomainError(_("The password is not right."), code="password")
    if Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).exists():
        from allauth.mfa.base.forms import AuthenticateForm  # noqa: PLC0415 - allauth's form checks every factor

        form = AuthenticateForm(user=user, data={"code": code})
        if not form.is_valid():
            raise DomainError(_("The two-factor code is not right."), code="code")


class ClosureBlocked(DomainError):
    """The account cannot close yet; `blockers` says what to settle first."""

    def __init__(self, blockers):
        super().__init__(_("The account cannot be closed yet: settle these first."), code="blocked")
        self.blockers = blockers


def account_close(*, member, actor, note: str = "") -> DataRequest:
    """Close the member's account now, or refuse (ClosureBlocked) with what to settle first;
    a refusal is recorded too. Personal data are erased or replaced in one transaction; files,
    cached pages and search entries go right after it commits."""
    handled_by = actor if actor.pk != member.pk else None
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member.pk)
        if DataRequest.objects.filter(member=member, kind=DataRequest.Kind.ERASURE,
                                      status=DataRequest.Status.DONE).exists():
            raise InvalidTransition(_("This account is closed already."))
        blockers = selectors.closure_blockers(member)
        if not blockers:
            record, after_commit = _erase(member)
            request = DataRequest.objects.create(
                kind=DataRequest.Kind.ERASURE, member=member, requested_by=actor, status=DataRequest.Status.DONE,
                finished_at=timezone.now(), handled_by=handled_by, note=note, record=record,
            )
            # Registered last, so it runs after the search's and the page cache's own receivers.
            transaction.on_commit(after_commit)
            return request
    DataRequest.objects.create(
        kind=DataRequest.Kind.ERASURE, member=member, requested_by=actor, status=DataRequest.Status.REFUSED,
        finished_at=timezone.now(), handled_by=handled_by, note=note,
        record={"blockers": [{"reason": b.reason, "title": b.title, "url": b.url} for b in blockers]},
    )
    raise ClosureBlocked(blockers)


def _erase(member) -> tuple[dict, callable]:
    code = pseudonym(member.pk)
    record = {"pseudonym": code}
    files = []  # (storage, name) to delete after the commit
    names = {value for value in (member.email, member.get_full_name()) if value}
    profile = Profile.objects.filter(user=member).first()
    old_slug = None
    if profile:
        names.add(profile.display_name)
        old_slug = profile.slug
        files += [(default_storage, field.name) for field in (profile.avatar, profile.avatar_small) if field]
        profile.skills.all().delete()
        profile.languages.clear()
        for name, value in {"display_name": FORMER_MEMBER, "slug": f"former-member-{code}", "headline": "", "bio": "",
                            "bio_sv": "", "avatar": "", "avatar_small": "", "city": "", "country": "", "latitude": None,
                            "longitude": None, "years_experience": None, "hourly_rate": None,
                            "availability": Profile.Availability.NOT_AVAILABLE, "available_from": None,
                            "hours_per_week": None, "visibility": Profile.Visibility.HIDDEN, "company_name": "",
                            "vat_number": ""}.items():
            setattr(profile, name, value)
        profile.save()
        record["profile"] = "anonymised"

    # The account: kept as the pseudonymous party of the bookings, payments and audit entries
    # that the law makes us keep, with nothing left to sign in with.
    record["email_addresses"] = EmailAddress.objects.filter(user=member).delete()[0]
    record["authenticators"] = Authenticator.objects.filter(user=member).delete()[0]
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount  # noqa: PLC0415 - only when installed

        record["social_accounts"] = SocialAccount.objects.filter(user=member).delete()[0]
    member.email = f"erased-{code}@erased.invalid"
    member.first_name = member.last_name = ""
    member.language = ""
    member.is_active = False
    member.set_unusable_password()
    member.save()
    record["sessions"] = _end_sessions(member)
    wagtail_profile = apps.get_model("wagtailusers", "UserProfile").objects.filter(user=member).first()
    if wagtail_profile:
        if wagtail_profile.avatar:
            files.append((wagtail_profile.avatar.storage, wagtail_profile.avatar.name))
        wagtail_profile.delete()
    ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User),
                                 object_id=str(member.pk)).update(label=member.email)

    # Passport: files deleted, the document's words erased, its verification address changed so
    # the old one answers 404; the rows stay for their (append-only) audit entries.
    documents = CompetenceDocument.objects.filter(owner=member)
    old_codes = list(documents.values_list("verification_code", flat=True))
    versions = CompetenceFile.objects.filter(document__owner=member)
    files += [(private_storage(), name) for name in versions.values_list("file", flat=True) if name]
    versions.update(file="", original_name="erased", sha256="")
    CompetenceReview.objects.filter(document__owner=member).update(comment="", internal_note="")
    for document in documents:
        document.skills.clear()
    record["documents"] = len(old_codes)
    # Credentials issued for them are revoked in the published status list (a copy the member
    # handed out verifies as revoked), and what they said about the member is erased.
    for document in documents:
        credentials.credential_revoke_for_document(document=document)
    record["credentials"] = IssuedCredential.objects.filter(document__owner=member).update(credential={}, signed="")
    HolderDid.objects.filter(user=member).delete()
    for pk in documents.values_list("pk", flat=True):
        CompetenceDocument.objects.filter(pk=pk).update(title="Erased", issuer="Erased", credential_number="",
                                                        verification_code=secrets.token_urlsafe(18))

    # Bookings stay (they are the basis of the payments); what is the member's own goes.
    attachments = Attachment.objects.filter(uploaded_by=member)
    files += [(private_storage(), name) for name in attachments.values_list("file", flat=True) if name]
    record["attachments"] = attachments.delete()[0]
    record["booking_addresses"] = Booking.objects.filter(client=member, location=Booking.Location.ON_SITE).update(
        address="Erased")
    evidence = DisputeEvidence.objects.filter(uploaded_by=member)
    files += [(private_storage(), name) for name in evidence.values_list("file", flat=True) if name]
    record["dispute_evidence"] = evidence.delete()[0]
    record["saved_cards"] = SavedPaymentMethod.objects.filter(customer__user=member).delete()[0]
    record["webhook_payloads"] = _erase_webhook_payloads(names)

    Rating.objects.filter(author=member).update(private_note="")
    RatingFlag.objects.filter(flagged_by=member).update(comment="")

    record["notifications"] = Notification.objects.filter(recipient=member).delete()[0]
    EmailPreference.objects.filter(user=member).delete()
    record["notifications_naming_member"] = _replace_in_notifications(names)
    record["saved_searches"] = SavedSearch.objects.filter(owner=member).delete()[0]
    record["searches_unlinked"] = SearchAnalytics.objects.filter(member=member).update(member=None)
    exports = DataRequest.objects.filter(member=member, kind=DataRequest.Kind.EXPORT).exclude(file="")
    files += [(private_storage(), name) for name in exports.values_list("file", flat=True)]
    exports.filter(status=DataRequest.Status.READY).update(status=DataRequest.Status.EXPIRED)
    exports.update(file="")
    record["files"] = len(files)

    profile_id = profile.pk if profile else None

    def after_commit():
        for storage, name in files:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("Erasure %s: could not delete %s", code, name)
        if profile_id:
            SearchEntry.objects.filter(profile_id=profile_id).delete()
            wagtail_index.remove_object(Profile(pk=profile_id))
            index_changed()
        _purge_public_pages(old_slug, old_codes)

    return record, after_commit


def _end_sessions(member) -> int:
    """Sign the member out everywhere: their sessions go, and with them the API tokens issued
    in them (allauth's JWTs are checked against their session)."""
    engine = import_module(settings.SESSION_ENGINE)
    if not settings.SESSION_ENGINE.endswith(("db", "cached_db")):
        return 0
    store = engine.SessionStore
    model = store.get_model_class()
    ended = []
    for session in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        if store().decode(session.session_data).get("_auth_user_id") == str(member.pk):
            ended.append(session.session_key)
    model.objects.filter(session_key__in=ended).delete()
    for key in ended:
        store(session_key=key).delete()  # the cached copy too, with cached_db
    return len(ended)


def _replace_in_notifications(names) -> int:
    """Other members' notifications that name the member ("Astrid accepted…") say FORMER_MEMBER
    instead, in each recipient's language (accounts.selectors.language_for, as the notification
    was written): one UPDATE per language, column and name."""
    languages = [code for code, _name in settings.LANGUAGES]
    default = language_for(None)
    changed = 0
    for language in languages:
        recipients = Q(recipient__language=language)
        if language == default:  # no language chosen, or one the site no longer offers
            recipients |= ~Q(recipient__language__in=languages)
        with translation.override(language):
            former = _(FORMER_MEMBER)
        for name in sorted(names, key=len, reverse=True):
            for column in ("title", "body", "email_subject", "email_body"):
                changed += Notification.objects.filter(recipients, **{f"{column}__contains": name}).update(
                    **{column: Replace(F(column), Value(name), Value(former))})
    return changed


def _erase_webhook_payloads(names) -> int:
    """Stripe's events about the member's customer or account carry their name and email: the
    event stays (it is the record that something was received), its payload goes."""
    text = Cast("payload", TextField())
    found = Q()
    for name in names:
        found |= Q(payload_text__contains=name) | Q(payload_text__contains=json.dumps(name)[1:-1])
    events = StripeWebhookEvent.objects.annotate(payload_text=text).filter(found)
    pks = list(events.values_list("pk", flat=True))
    for pk in pks:
        StripeWebhookEvent.objects.filter(pk=pk).update(payload={"erased": True})
    return len(pks)


def _purge_public_pages(old_slug, verification_codes) -> None:
    if old_slug:
        purge.profiles_changed(slugs=[old_slug])
    paths = []
    for code in verification_codes:
        paths += [reverse("passport:verify", args=[code]), reverse("passport:verify_json", args=[code]),
                  reverse("passport:verify_qr", args=[code])]
    if paths:
        purge_paths(paths)
        purge_urls_from_cache([f"{site.root_url}{path}" for site in Site.objects.all() for path in paths])
