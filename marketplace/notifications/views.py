"""The member's notification list, opening one (marks it read) and the email settings.

Opening is a POST (a button in the list): reading the list or following a link never changes
anything, since mail scanners and prefetching browsers follow links too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.core.errors import DomainError

from . import selectors, services
from .models import Kind


@login_required
def index(request):
    page = selectors.notification_page(user=request.user, page=request.GET.get("page"))
    return render(request, "marketplace/notifications/index.html", {"page": page})


@login_required
@require_POST
def open_notification(request, pk: int):
    try:
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("notifications:index")
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:index")


@login_required
@require_POST
def read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:index")


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request):
    if request.method == "POST":
        kinds = [kind for kind in request.POST.getlist("email") if kind in Kind.values]
        services.email_preferences_update(user=request.user, email_kinds=kinds)
        messages.success(request, _("Your email choices are saved."))
        return redirect("notifications:settings")
    return render(request, "marketplace/notifications/settings.html",
                  {"choices": selectors.email_choices(user=request.user)})
