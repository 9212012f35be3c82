from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "marketplace.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self):
        # Imported once the models are loaded: the receivers reach services, tasks and bookings.
        from . import receivers

        receivers.connect()
