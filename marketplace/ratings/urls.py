from django.urls import path

from marketplace.core.i18n import language_prefixed

from . import views

app_name = "ratings"

# Mounted at the root (valund/urls.py) so that the public page can carry the language first.
urlpatterns = [
    path("ratings/bookings/<int:pk>/", views.booking, name="booking"),
    path("ratings/reviews/<int:pk>/answer/", views.respond, name="respond"),
    path("ratings/reviews/<int:pk>/report/", views.flag, name="flag"),
    path("ratings/mine/", views.mine, name="mine"),
    # A freelancer's reviews are public, beside the profile: /sv/ratings/… and /en/ratings/….
    language_prefixed(path("ratings/members/<slug:slug>/reviews/", views.reviews, name="reviews")),
]
