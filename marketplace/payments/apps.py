from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "marketplace.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self):
        from marketplace.bookings import services as booking_services

        from . import receivers, services

        # A booking cannot start until its escrow holds the estimate.
        if services.escrow_start_check not in booking_services.START_CHECKS:
            booking_services.START_CHECKS.append(services.escrow_start_check)
        receivers.connect()
