"""The admin menu's link to the design system's pattern page (/styleguide/, views.py). The
page itself is a site page, under base.html and valund.css, so it shows the public components
as visitors see them; the admin only links to it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class DesignSystemMenuItem(MenuItem):
    """Shown to superusers only: the design lives in code (valund.css and the include templates),
    which the site's developers change, and they run the admin as superusers. Editors compose
    pages from blocks and never choose a class, so the item would only crowd their menu; the
    page itself stays open to any staff who are sent its address."""

    def is_shown(self, request):
        return request.user.has_staff_powers and request.user.is_superuser


@hooks.register("register_admin_menu_item")
def register_design_system_menu_item():
    return DesignSystemMenuItem(
        _("Design system"), reverse("styleguide:index"), name="design-system", icon_name="view", order=10000
    )
