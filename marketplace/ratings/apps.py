from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "marketplace.ratings"
    label = "ratings"
    verbose_name = "Ratings and reviews"

    def ready(self):
        # Imported once the models are loaded: rating the other party is a completed booking's next step.
        from marketplace.bookings.steps import NEXT_STEPS

        from .steps import booking_step

        if booking_step not in NEXT_STEPS:
            NEXT_STEPS.append(booking_step)
