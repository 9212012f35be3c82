from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("", views.index, name="index"),
    path("request/<slug:slug>/", views.request_booking, name="request"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<slug:action>/", views.act, name="act"),
    path("<int:pk>/time/", views.time, name="time"),
    path("<int:pk>/time/submit/", views.time_submit, name="time_submit"),
    path("<int:pk>/time/<int:log_pk>/edit/", views.time_edit, name="time_edit"),
    path("<int:pk>/time/<int:log_pk>/delete/", views.time_delete, name="time_delete"),
    path("<int:pk>/time/<int:log_pk>/<slug:decision>/", views.time_decide, name="time_decide"),
    path("<int:pk>/timesheet/", views.timesheet, name="timesheet"),
    path("<int:pk>/timesheet/approve/", views.timesheet_approve, name="timesheet_approve"),
    path("<int:pk>/messages/", views.thread, name="messages"),
    path("<int:pk>/files/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment_open, name="attachment"),
    path("<int:pk>/calendar.ics", views.calendar_file, name="calendar"),
]
