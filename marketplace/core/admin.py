"""Pieces the apps' Wagtail admin screens share."""

from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem


class CountedMenuItem(MenuItem):
    """A menu item shown only to the staff `allowed(user)` lets in, labelled with how much waits
    for them ("Review queue (3)"): one COUNT per admin page. Subclasses set both functions as
    staticmethods."""

    allowed = staticmethod(lambda user: False)
    waiting = staticmethod(lambda: 0)

    def is_shown(self, request):
        return self.allowed(request.user)

    def render_component(self, request):
        count = self.waiting()
        label = _("%(label)s (%(count)s)") % {"label": self.label, "count": count} if count else self.label
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, classname=self.classname,
                            attrs={**self.attrs, "data-waiting-count": count})
