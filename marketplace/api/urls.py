"""/api/: sign-in for programs (allauth headless, under auth/), the resources (v1/), the schema
and its documentation pages."""

from django.urls import include, path

from . import bookings, docs, freelancers

app_name = "api"

v1 = [
    path("freelancers/", freelancers.FreelancerSearch.as_view(), name="freelancers"),
    path("freelancers/<slug:slug>/", freelancers.FreelancerDetail.as_view(), name="freelancer"),
    path(
        "freelancers/<slug:slug>/credentials/",
        freelancers.FreelancerCredentials.as_view(),
        name="freelancer-credentials",
    ),
    path("credentials/<str:code>/", freelancers.CredentialVerification.as_view(), name="credential"),
    path("taxonomy/", freelancers.Taxonomy.as_view(), name="taxonomy"),
    path("bookings/", bookings.BookingList.as_view(), name="bookings"),
    path("bookings/<int:pk>/", bookings.BookingDetail.as_view(), name="booking"),
    path("bookings/<int:pk>/time-logs/", bookings.TimeLogList.as_view(), name="time-logs"),
    path("bookings/<int:pk>/time-logs/<int:log_pk>/", bookings.TimeLogDetail.as_view(), name="time-log"),
    path(
        "bookings/<int:pk>/time-logs/approve-week/",
        bookings.TimeLogApproveWeek.as_view(),
        name="time-logs-approve-week",
    ),
    path("bookings/<int:pk>/time-logs/submit/", bookings.TimeLogSubmit.as_view(), name="time-logs-submit"),
    path(
        "bookings/<int:pk>/time-logs/<int:log_pk>/approve/", bookings.TimeLogApprove.as_view(), name="time-log-approve"
    ),
    path("bookings/<int:pk>/time-logs/<int:log_pk>/reject/", bookings.TimeLogReject.as_view(), name="time-log-reject"),
    # After the time logs: "time-logs" is not a move.
    path("bookings/<int:pk>/<str:action>/", bookings.BookingAction.as_view(), name="booking-action"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", docs.Schema.as_view(), name="schema"),
    path("docs/", docs.SwaggerUI.as_view(), name="docs"),
    path("redoc/", docs.ReDoc.as_view(), name="redoc"),
]
