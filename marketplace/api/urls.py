"""/api/: sign-in for programs (allauth headless, under auth/), the resources (v1/), the schema
and its documentation pages."""

from django.middleware.http import ConditionalGetMiddleware
from django.urls import include, path
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.vary import vary_on_headers

from . import (
    attachments,
    bookings,
    disputes,
    docs,
    freelancers,
    members,
    messages,
    notifications,
    passport,
    payments,
    payouts,
    ratings,
    timelogs,
)
from .credentials import CredentialCheck
from .errors import UnknownEndpoint

app_name = "api"

v1 = [
    path("freelancers/", freelancers.FreelancerSearch.as_view(), name="freelancers"),
    path("freelancers/<slug:slug>/", freelancers.FreelancerDetail.as_view(), name="freelancer"),
    path(
        "freelancers/<slug:slug>/credentials/",
        freelancers.FreelancerCredentials.as_view(),
        name="freelancer-credentials",
    ),
    path("freelancers/<slug:slug>/reviews/", freelancers.FreelancerReviews.as_view(), name="freelancer-reviews"),
    # Before credentials/<code>/, which would take "verify" for a code.
    path("credentials/verify/", CredentialCheck.as_view(), name="credential-check"),
    path("credentials/<str:code>/", freelancers.CredentialVerification.as_view(), name="credential"),
    path("taxonomy/", freelancers.Taxonomy.as_view(), name="taxonomy"),
    path("me/", members.Me.as_view(), name="me"),
    path("me/skills/", members.MySkills.as_view(), name="my-skills"),
    path("me/skills/<int:pk>/", members.MySkill.as_view(), name="my-skill"),
    path("me/payouts/", payouts.Payouts.as_view(), name="payouts"),
    path("me/payouts/onboarding/", payouts.PayoutOnboarding.as_view(), name="payouts-onboarding"),
    path(
        "me/payouts/simulated-onboarding/",
        payouts.SimulatedOnboarding.as_view(),
        name="payouts-simulated-onboarding",
    ),
    path("me/documents/", passport.DocumentList.as_view(), name="documents"),
    path("me/documents/<int:pk>/", passport.DocumentDetail.as_view(), name="document"),
    path("me/documents/<int:pk>/versions/", passport.DocumentNewVersion.as_view(), name="document-versions"),
    path("documents/<int:pk>/files/<int:number>/", passport.DocumentFile.as_view(), name="document-file"),
    path("bookings/", bookings.BookingList.as_view(), name="bookings"),
    path("bookings/<int:pk>/", bookings.BookingDetail.as_view(), name="booking"),
    path("bookings/<int:pk>/time-logs/", timelogs.TimeLogList.as_view(), name="time-logs"),
    path("bookings/<int:pk>/time-logs/<int:log_pk>/", timelogs.TimeLogDetail.as_view(), name="time-log"),
    path(
        "bookings/<int:pk>/time-logs/approve-week/",
        timelogs.TimeLogApproveWeek.as_view(),
        name="time-logs-approve-week",
    ),
    path("bookings/<int:pk>/time-logs/submit/", timelogs.TimeLogSubmit.as_view(), name="time-logs-submit"),
    path(
        "bookings/<int:pk>/time-logs/<int:log_pk>/approve/", timelogs.TimeLogApprove.as_view(), name="time-log-approve"
    ),
    path("bookings/<int:pk>/time-logs/<int:log_pk>/reject/", timelogs.TimeLogReject.as_view(), name="time-log-reject"),
    path("bookings/<int:pk>/messages/", messages.MessageList.as_view(), name="messages"),
    path("bookings/<int:pk>/attachments/", attachments.AttachmentList.as_view(), name="attachments"),
    path(
        "bookings/<int:pk>/attachments/<int:attachment_pk>/file/",
        attachments.AttachmentFile.as_view(),
        name="attachment-file",
    ),
    path("bookings/<int:pk>/escrow/", payments.Escrow.as_view(), name="escrow"),
    path("bookings/<int:pk>/escrow/release/", payments.Release.as_view(), name="escrow-release"),
    path("bookings/<int:pk>/dispute/", disputes.Dispute.as_view(), name="dispute"),
    path("bookings/<int:pk>/dispute/statement/", disputes.DisputeStatement.as_view(), name="dispute-statement"),
    path("bookings/<int:pk>/disputes/", disputes.BookingDisputes.as_view(), name="disputes"),
    path(
        "bookings/<int:pk>/disputes/<int:dispute_pk>/evidence/<int:evidence_pk>/",
        disputes.DisputeEvidenceFile.as_view(),
        name="dispute-evidence",
    ),
    path("bookings/<int:pk>/funding/", payments.Funding.as_view(), name="funding"),
    path("payments/", payments.PaymentList.as_view(), name="payments"),
    path("payments/totals/", payments.PaymentTotals.as_view(), name="payment-totals"),
    path("payments/export.csv", payments.PaymentExport.as_view(), name="payments-export"),
    path("payments/<int:pk>/", payments.Receipt.as_view(), name="payment"),
    path("payments/<int:pk>/receipt.pdf", payments.ReceiptFile.as_view(), name="payment-receipt-pdf"),
    path(
        "payments/simulated-checkouts/<str:checkout_id>/pay/",
        payments.SimulatedPay.as_view(),
        name="simulated-pay",
    ),
    path("bookings/<int:pk>/ratings/", ratings.BookingRatings.as_view(), name="booking-ratings"),
    path("reviews/<int:pk>/response/", ratings.ReviewResponse.as_view(), name="review-response"),
    path("reviews/<int:pk>/report/", ratings.ReviewReport.as_view(), name="review-report"),
    path("notifications/", notifications.NotificationList.as_view(), name="notifications"),
    path(
        "notifications/preferences/", notifications.NotificationPreferences.as_view(), name="notification-preferences"
    ),
    path("notifications/read-all/", notifications.NotificationsReadAll.as_view(), name="notifications-read-all"),
    path("notifications/<int:pk>/read/", notifications.NotificationRead.as_view(), name="notification-read"),
    # After the time logs, messages, escrow and ratings: none of them is a move.
    path("bookings/<int:pk>/<str:action>/", bookings.BookingAction.as_view(), name="booking-action"),
]

# Reads carry an ETag of what they answer, and an If-None-Match that still matches gets a 304
# with no body; answers differ by who asks, so caches keep them apart by Authorization.
conditional = decorator_from_middleware(ConditionalGetMiddleware)
for pattern in v1:
    pattern.callback = vary_on_headers("Authorization")(conditional(pattern.callback))

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", docs.Schema.as_view(), name="schema"),
    path("docs/", docs.SwaggerUI.as_view(), name="docs"),
    path("redoc/", docs.ReDoc.as_view(), name="redoc"),
    # Last: what names no endpoint is a problem, not the site's HTML 404. Only paths that end in
    # a slash, so that APPEND_SLASH still sends /api/v1/me to /api/v1/me/.
    path("<path:unknown>/", UnknownEndpoint.as_view()),
]
