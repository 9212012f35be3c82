from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("bookings/<int:pk>/", views.booking, name="booking"),
    path("members/<slug:slug>/reviews/", views.reviews, name="reviews"),
    path("reviews/<int:pk>/answer/", views.respond, name="respond"),
    path("reviews/<int:pk>/report/", views.flag, name="flag"),
    path("mine/", views.mine, name="mine"),
]
