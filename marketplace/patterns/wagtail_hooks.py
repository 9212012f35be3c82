"""The admin menu's link to the design system's pattern page (/styleguide/, views.py). The
page itself is a site page, under base.html and valund.css, so it shows the public components
as visitors see them; the admin only links to it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_staff_powers


@hooks.register("register_admin_menu_item")
def register_design_system_menu_item():
    return StaffMenuItem(
        _("Design system"), reverse("styleguide:index"), name="design-system", icon_name="view", order=10000
    )
