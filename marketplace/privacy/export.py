"""What Valund holds about one member, read for their export: one JSON document per section and
the original files, each named by its path in the ZIP.

Only what is the member's own, or shared with them in their own bookings, is read: the other
party's messages and files in the member's bookings are part of the member's conversation;
reviews of the member are read once revealed (the blind rule of the ratings); staff's internal
notes on a document and a moderator's notes stay with staff."""

import datetime
import decimal
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q
from django.db.models.fields.files import FieldFile

from marketplace.accounts.models import Profile
from marketplace.bookings.models import Booking
from marketplace.notifications.models import EmailPreference, Notification
from marketplace.passport.models import CompetenceDocument
from marketplace.payments.models import DisputeEvidence, PaymentDispute, SavedPaymentMethod
from marketplace.payments.selectors import payments_visible_to
from marketplace.ratings.models import Rating
from marketplace.search.models import SavedSearch, SearchAnalytics

FORMAT_VERSION = 1


@dataclass
class ExportFile:
    """An original file: where it sits in the ZIP, and how to open it from storage."""

    path: str
    field: FieldFile


@dataclass
class Section:
    name: str  # the JSON file's name without .json
    data: object
    files: list[ExportFile] = field(default_factory=list)


def jsonable(value):
    """Dates, decimals, UUIDs and files as JSON writes them."""
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _safe(name: str) -> str:
    """A file name that cannot climb out of its folder in the ZIP."""
    return re.sub(r"[^\w.\- ]+", "_", name).strip(" .") or "file"


def _name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else ""


def account(user) -> Section:
    return Section("account", {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": address.email, "primary": address.primary, "verified": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        # Which second factors are set up; their secrets are not handed out.
        "two_factor_methods": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
    })


def profile(user) -> Section:
    found = Profile.objects.filter(user=user).prefetch_related("languages", "skills__skill").first()
    if found is None:
        return Section("profile", None)
    files = []
    data = {
        name: getattr(found, name)
        for name in ("display_name", "slug", "headline", "bio", "bio_sv", "city", "country", "latitude", "longitude",
                     "years_experience", "hourly_rate", "currency", "availability", "available_from",
                     "hours_per_week", "visibility", "company_name", "vat_number", "created_at", "updated_at")
    }
    data["languages"] = [language.name for language in found.languages.all()]
    data["skills"] = [{"skill": item.skill.name, "level": item.get_level_display(), "years": item.years}
                      for item in found.skills.all()]
    data["photo"] = None
    if found.avatar:
        data["photo"] = f"files/profile/{_safe(found.avatar.name.rsplit('/', 1)[-1])}"
        files.append(ExportFile(data["photo"], found.avatar))
    return Section("profile", data, files)


def documents(user) -> Section:
    rows, files = [], []
    queryset = (CompetenceDocument.objects.filter(owner=user).select_related("template")
                .prefetch_related("versions", "reviews", "skills").order_by("pk"))
    for document in queryset:
        versions = []
        for version in sorted(document.versions.all(), key=lambda v: v.number):
            path = f"files/documents/{document.pk}/v{version.number}-{_safe(version.original_name)}"
            versions.append({"number": version.number, "file": path, "original_name": version.original_name,
                             "content_type": version.content_type, "size": version.size, "sha256": version.sha256,
                             "uploaded_at": version.uploaded_at})
            if version.file:
                files.append(ExportFile(path, version.file))
        rows.append({
            "id": document.pk, "type": document.type_name, "title": document.title, "issuer": document.issuer,
            "credential_number": document.credential_number, "issue_date": document.issue_date,
            "expiry_date": document.expiry_date, "status": document.status, "submitted_at": document.submitted_at,
            "decided_at": document.decided_at, "skills": [skill.name for skill in document.skills.all()],
            "versions": versions,
            # What the reviewers told the member; their internal notes are staff's working papers.
            "reviews": [{"at": review.created_at, "decision": review.decision, "checks": review.check_labels(),
                         "comment": review.comment}
                        for review in sorted(document.reviews.all(), key=lambda r: (r.created_at, r.pk))],
        })
    return Section("documents", rows, files)


def bookings(user) -> Section:
    rows, files = [], []
    queryset = (Booking.objects.filter(Q(client=user) | Q(freelancer=user))
                .select_related("client__profile", "freelancer__profile")
                .prefetch_related("approvals", "messages__sender__profile", "time_logs", "attachments",
                                  "skills", "required_documents")
                .order_by("pk"))
    for booking in queryset:
        attachments = []
        for attachment in booking.attachments.all():
            path = f"files/bookings/{booking.pk}/{attachment.pk}-{_safe(attachment.original_name)}"
            attachments.append({"file": path, "original_name": attachment.original_name,
                                "content_type": attachment.content_type, "size": attachment.size,
                                "sent_by_you": attachment.uploaded_by_id == user.pk,
                                "created_at": attachment.created_at})
            files.append(ExportFile(path, attachment.file))
        rows.append({
            "id": booking.pk, "your_side": "client" if booking.client_id == user.pk else "freelancer",
            "client": _name(booking.client), "freelancer": _name(booking.freelancer),
            "title": booking.title, "description": booking.description, "status": booking.status,
            "start_date": booking.start_date, "end_date": booking.end_date, "location": booking.location,
            "address": booking.address, "expected_hours": booking.expected_hours, "pricing": booking.pricing,
            "hourly_rate": booking.hourly_rate, "fixed_price": booking.fixed_price, "currency": booking.currency,
            "skills": [skill.name for skill in booking.skills.all()],
            "required_documents": [template.name for template in booking.required_documents.all()],
            "created_at": booking.created_at, "completed_at": booking.completed_at,
            "closed_reason": booking.closed_reason,
            "timeline": [{"at": step.created_at, "action": step.action, "by_you": step.actor_id == user.pk,
                          "comment": step.comment} for step in booking.approvals.all()],
            "messages": [{"at": message.created_at, "from": _name(message.sender),
                          "by_you": message.sender_id == user.pk, "body": message.body}
                         for message in booking.messages.all()],
            "time_logs": [{"date": log.date, "from": log.start_time, "to": log.end_time, "minutes": log.minutes,
                           "description": log.description, "status": log.status,
                           "rejection_reason": log.rejection_reason} for log in booking.time_logs.all()],
            "attachments": attachments,
        })
    return Section("bookings", rows, files)


def payments(user) -> Section:
    receipts = [{
        "id": payment.pk, "booking": payment.escrow.booking_id, "kind": payment.kind, "status": payment.status,
        "amount": payment.amount, "fee": payment.fee, "currency": payment.currency, "date": payment.date,
        "reference": payment.stripe_id,
    } for payment in payments_visible_to(user).select_related("escrow").order_by("pk")]
    disputes, files = [], []
    opened = PaymentDispute.objects.filter(opened_by=user).select_related("escrow").order_by("pk")
    for dispute in opened:
        disputes.append({"id": dispute.pk, "booking": dispute.escrow.booking_id, "reason": dispute.reason,
                         "description": dispute.description, "status": dispute.status, "outcome": dispute.outcome,
                         "opened_at": dispute.created_at, "resolved_at": dispute.resolved_at})
    for evidence in DisputeEvidence.objects.filter(uploaded_by=user).order_by("pk"):
        path = f"files/disputes/{evidence.dispute_id}/{evidence.pk}-{_safe(evidence.original_name)}"
        files.append(ExportFile(path, evidence.file))
    cards = [{"brand": method.brand, "last4": method.last4, "exp_month": method.exp_month,
              "exp_year": method.exp_year}
             for method in SavedPaymentMethod.objects.filter(customer__user=user).order_by("pk")]
    return Section("payments", {"receipts": receipts, "disputes_opened": disputes, "saved_cards": cards}, files)


def _rating(rating, *, author: bool) -> dict:
    data = {"booking": rating.booking_id, "direction": rating.direction, **rating.scores, "text": rating.text,
            "public": rating.is_public, "written_at": rating.created_at, "revealed_at": rating.revealed_at}
    if author:
        data["about"] = _name(rating.subject)
        data["private_note"] = rating.private_note
    else:
        data["by"] = _name(rating.author)
    response = getattr(rating, "response", None)
    data["response"] = response.text if response else None
    return data


def ratings(user) -> Section:
    related = ("subject__profile", "author__profile", "response")
    given = Rating.objects.filter(author=user).select_related(*related).order_by("pk")
    # A review of the member is theirs to read only once revealed, here as on the site.
    received = Rating.objects.filter(subject=user, revealed_at__isnull=False).select_related(*related).order_by("pk")
    return Section("ratings", {"given": [_rating(r, author=True) for r in given],
                               "received": [_rating(r, author=False) for r in received]})


def notifications(user) -> Section:
    return Section("notifications", {
        "notifications": [{"at": n.created_at, "kind": n.kind, "title": n.title, "body": n.body, "url": n.url,
                           "read_at": n.read_at, "emailed_at": n.email_sent_at}
                          for n in Notification.objects.filter(recipient=user).order_by("created_at", "pk")],
        "email_settings": {p.kind: p.email for p in EmailPreference.objects.filter(user=user).order_by("kind")},
    })


def searches(user) -> Section:
    return Section("searches", {
        "saved": [{"name": s.name, "search": s.querystring, "alerts": s.frequency, "created_at": s.created_at}
                  for s in SavedSearch.objects.filter(owner=user).order_by("pk")],
        "history": [{"at": s.created_at, "query": s.query, "filters": s.filters, "results": s.result_count}
                    for s in SearchAnalytics.objects.filter(member=user).order_by("created_at")],
    })


SECTIONS: list[Callable] = [account, profile, documents, bookings, payments, ratings, notifications, searches]


def sections(user) -> Iterator[Section]:
    for read in SECTIONS:
        yield read(user)
