"""Who may open each URL of ours (``ACCESS``), the world a walk of them needs (the ``world`` fixture: a booking
in progress, its parties, a stranger, staff, a file, a notification) and the helpers that build and request them.

Registered for the suite in tests/conftest.py; tests/test_access_control.py walks every URL with it, and the
hostile-input and signup tests reuse it.

Policies:
  public   anyone gets an answer (2xx/3xx), nobody an error
  login    visitors are sent to log in; any member gets an answer
  party    visitors are sent to log in; an unrelated member gets 404; the parties get an answer
  staff    visitors are sent to log in; members are refused (403, 404 or sent away); staff get 200
  token    opened by an unguessable token or code in the URL (checked by its own tests)
The API (/api/v1/) answers with status codes instead of the login page:
  api_public  anyone gets 2xx
  api_member  visitors get 401; any member gets an answer
  api_party   visitors get 401; an unrelated member gets 404; the parties get an answer
  api_owner   visitors get 401; another member gets 404; its owner (the world's freelancer) gets an answer
POST-only views are requested with POST by visitors and unrelated members only (a refusal
changes nothing); the parties' POSTs are covered by each app's own tests."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.bookings import services as bookings
from marketplace.bookings.models import Attachment
from marketplace.notifications import services as notifications
from marketplace.passport import services as passport
from marketplace.payments.models import Payment
from tests.marketplace.passport.fixtures import pdf_bytes

# Namespaces (and names) that are ours; Wagtail's and allauth's own are checked more simply below.
OURS = ("accounts", "dashboard", "search", "bookings", "notifications", "payments", "ratings", "passport",
        "passport_review", "booking_admin", "payment_disputes", "payments_overview", "rating_moderation",
        "stripe_webhook", "search_report", "search_report_synonym", "styleguide", "public_media", "api",
        "privacy", "data_requests", "credentials",
        "switch_language", "sitemap")

GET, POST = "GET", "POST"

# name: (policy, method, kwargs built from the world)
ACCESS = {
    "dashboard:index": ("login", GET, {}),
    "accounts:profile_edit": ("login", GET, {}),
    "accounts:place_suggest": ("login", GET, {}),
    "accounts:skills": ("login", GET, {}),
    "accounts:skill_remove": ("login", POST, {"pk": 999999}),
    "search:saved_list": ("login", GET, {}),
    "search:saved_create": ("login", POST, {}),
    "search:saved_frequency": ("login", POST, {"pk": 999999}),
    "search:saved_delete": ("login", POST, {"pk": 999999}),
    "search:unsubscribe": ("token", GET, {"token": "not-a-token"}),
    "search:suggest": ("public", GET, {}),
    "search:record": ("token", POST, {}),
    "search:click": ("token", POST, {}),
    "search:shown": ("token", GET, {}),
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
    "payments:receipt_pdf": ("party", GET, {"pk": "payment"}),
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
    "credentials:did": ("public", GET, {}),
    "credentials:status_list": ("token", GET, {"slug": "no-such-list"}),
    "credentials:verify": ("public", GET, {}),
    "credentials:holder_did": ("login", POST, {}),
    "credentials:own": ("login", GET, {"uuid": "00000000-0000-4000-8000-000000000000", "fmt": "json"}),
    "credentials:by_code": ("token", GET, {"code": "not-a-code", "fmt": "jwt"}),
    "credentials:by_code_qr": ("token", GET, {"code": "not-a-code"}),
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
    "privacy:index": ("login", GET, {}),
    "privacy:export": ("login", POST, {}),
    "privacy:export_download": ("token", GET, {"token": "not-a-token"}),
    "privacy:close": ("login", GET, {}),
    "privacy:closed": ("public", GET, {}),
    "data_requests:index": ("staff", GET, {}),
    "data_requests:index_results": ("staff", GET, {}),
    "data_requests:act": ("staff", GET, {}),
    "data_requests:detail": ("staff", GET, {"pk": 999999}),
    "public_media": ("public", GET, {"path": "avatars/none.jpg"}),
    "switch_language": ("public", GET, {"code": "sv"}),
    "sitemap": ("public", GET, {}),
    "api:schema": ("public", GET, {}),
    "api:docs": ("public", GET, {}),
    "api:redoc": ("public", GET, {}),
    "api:freelancers": ("api_public", GET, {}),
    "api:freelancer": ("api_public", GET, {"slug": "freelancer_slug"}),
    "api:freelancer-credentials": ("api_public", GET, {"slug": "freelancer_slug"}),
    "api:freelancer-reviews": ("api_public", GET, {"slug": "freelancer_slug"}),
    "api:credential": ("token", GET, {"code": "not-a-code"}),
    "api:credential-check": ("token", POST, {}),
    "api:taxonomy": ("api_public", GET, {}),
    "api:me": ("api_member", GET, {}),
    "api:my-skills": ("api_member", POST, {}),
    "api:my-skill": ("api_member", POST, {"pk": 999999}),
    "api:documents": ("api_member", GET, {}),
    "api:document": ("api_owner", GET, {"pk": "document"}),
    "api:document-versions": ("api_owner", POST, {"pk": "document"}),
    "api:booking-ratings": ("api_party", GET, {"pk": "booking"}),
    "api:review-response": ("api_member", POST, {"pk": 999999}),
    "api:review-report": ("api_member", POST, {"pk": 999999}),
    "api:bookings": ("api_member", GET, {}),
    "api:booking": ("api_party", GET, {"pk": "booking"}),
    "api:booking-action": ("api_party", POST, {"pk": "booking", "action": "cancel"}),
    "api:time-logs": ("api_party", GET, {"pk": "booking"}),
    "api:messages": ("api_party", GET, {"pk": "booking"}),
    "api:escrow": ("api_party", GET, {"pk": "booking"}),
    "api:escrow-release": ("api_party", POST, {"pk": "booking"}),
    "api:notifications": ("api_member", GET, {}),
    "api:notifications-read-all": ("api_member", POST, {}),
    "api:notification-read": ("api_member", POST, {"pk": "notification"}),
    "api:time-logs-submit": ("api_party", POST, {"pk": "booking"}),
    "api:time-logs-approve-week": ("api_party", POST, {"pk": "booking"}),
    "api:time-log": ("api_party", GET, {"pk": "booking", "log_pk": "log"}),
    "api:time-log-approve": ("api_party", POST, {"pk": "booking", "log_pk": "log"}),
    "api:time-log-reject": ("api_party", POST, {"pk": "booking", "log_pk": "log"}),
    # Each opening of a document's file is logged, by design, as on the site (passport:file), so
    # the walk does not GET it; owner, staff and strangers: tests/marketplace/api/test_files.py.
    "api:document-file": ("api_member", POST, {"pk": "document", "number": 1}),
    "api:attachments": ("api_party", GET, {"pk": "booking"}),
    "api:attachment-file": ("api_party", GET, {"pk": "booking", "attachment_pk": "attachment"}),
    "api:dispute": ("api_party", POST, {"pk": "booking"}),
    "api:dispute-statement": ("api_party", POST, {"pk": "booking"}),
    "api:funding": ("api_party", POST, {"pk": "booking"}),
    "api:payments": ("api_member", GET, {}),
    "api:payment-totals": ("api_member", GET, {}),
    "api:payments-export": ("api_member", GET, {}),
    # A receipt is the payer's or the payee's only (GET: tests/marketplace/api/test_payments.py);
    # the walk checks that visitors get 401 and strangers learn nothing.
    "api:payment": ("api_member", POST, {"pk": "payment"}),
    "api:payment-receipt-pdf": ("api_member", POST, {"pk": "payment"}),
    "api:simulated-pay": ("api_member", POST, {"checkout_id": "sim_cs_none"}),
    "api:notification-preferences": ("api_member", GET, {}),
    # The freelancer's own payout set-up: clients get the 404 the payouts page gives them.
    "api:payouts": ("api_owner", GET, {}),
    "api:payouts-onboarding": ("api_owner", POST, {}),
    "api:payouts-simulated-onboarding": ("api_owner", POST, {}),
    "api:disputes": ("api_party", GET, {"pk": "booking"}),
    # The world has no dispute; the parties, resolving staff (second factor) and strangers:
    # tests/marketplace/api/test_dispute_outcome.py.
    "api:dispute-evidence": ("api_member", POST, {"pk": "booking", "dispute_pk": 999999, "evidence_pk": 999999}),
}


@pytest.fixture
def world(in_progress, make_staff):
    booking = in_progress
    log = bookings.timelog_create(actor=booking.freelancer, booking=booking, date=booking.start_date, minutes=60,
                                  description="Work")
    bookings.attachment_add(actor=booking.client, booking=booking,
                            upload=SimpleUploadedFile("plan.pdf", pdf_bytes("Plan"), content_type="application/pdf"))
    stranger = User.objects.create_user(email="walker@example.com", password="x" * 12, role=User.Role.CLIENT)
    document = passport.document_upload(
        owner=booking.freelancer, title="Hot work certificate", issuer="Brandskyddsföreningen",
        issue_date=booking.start_date,
        upload=SimpleUploadedFile("card.pdf", pdf_bytes("Card"), content_type="application/pdf"),
    )
    return {
        "booking": booking, "log": log, "document": document, "attachment": Attachment.objects.get(),
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
