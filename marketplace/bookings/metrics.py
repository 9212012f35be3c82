"""The bookings' business gauges for /metrics (see marketplace.core.metrics)."""

from django.db.models import Count

from marketplace.core.metrics import gauge

from .models import Booking, TimeLog


@gauge("valund_bookings", "Bookings by state.", labels=["state"])
def bookings_by_state():
    counts = dict(Booking.objects.order_by().values_list("status").annotate(n=Count("id")))
    return {(status,): counts.get(status, 0) for status in Booking.Status.values}


@gauge("valund_time_logs_waiting", "Submitted time logs waiting for the client's approval.")
def time_logs_waiting():
    return TimeLog.objects.filter(status=TimeLog.Status.SUBMITTED).count()
