"""Staff screens for bookings: a read-only list with filters and an inspect page, for support
and, once payments exist, disputes. Staff change bookings only through services, never by
editing rows, so the admin offers no add, edit or delete."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from marketplace.core.admin import date_column

from .models import Booking


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Only "view": the lifecycle's rules live in the services package, not in an edit form."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return self.auth_model._default_manager.none()
        return super().users_with_any_permission(["view"])


register_permission_policy(Booking, ReadOnlyPolicy(Booking))


class BookingViewSet(ModelViewSet):
    model = Booking
    icon = "date"
    menu_label = _("Bookings")
    menu_order = 210
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["title", "client", "freelancer", "status", date_column("start_date", _("Start")),
                    date_column("end_date", _("End")), date_column("created_at", _("Requested"), with_time=True)]
    list_filter = ["status", "pricing", "priority", "location"]
    search_fields = ["title", "client__email", "freelancer__email"]
    inspect_view_fields = [
        "title", "description", "client", "freelancer", "status", "start_date", "end_date", "location", "address",
        "expected_hours", "pricing", "hourly_rate", "fixed_price", "currency", "priority", "expires_at",
        "answered_at", "started_at", "done_at", "completed_at", "closed_reason", "created_at",
    ]
    form_fields = ["title"]  # never shown: the policy refuses add and change

    def get_queryset(self, request):
        return Booking.objects.select_related("client", "freelancer")


@hooks.register("register_admin_viewset")
def register_bookings():
    return BookingViewSet("booking_admin")
