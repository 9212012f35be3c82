from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "marketplace.ratings"
    label = "ratings"
    verbose_name = "Ratings and reviews"
