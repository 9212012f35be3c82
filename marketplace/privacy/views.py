from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.core.errors import DomainError, PermissionDenied
from marketplace.core.storage import private_file_response, private_storage

from . import selectors, services
from .forms import CloseAccountForm
from .models import DataRequest


@login_required
@never_cache
@require_GET
def index(request):
    """The member's data: ask for an export and follow it (htmx polls the export part while it
    is built; without JavaScript the page refreshes itself), and the way to close the account."""
    export = selectors.latest_export(request.user)
    context = {"export": export, "building": bool(export and export.status in (DataRequest.Status.PENDING,
                                                                                 DataRequest.Status.RUNNING))}
    if export and export.status == DataRequest.Status.READY:
        context["download_url"] = reverse("privacy:export_download", args=[services.export_token(export)])
    template = "marketplace/privacy/index.html"
    if request.htmx:
        template += "#export"
    return render(request, template, context)


@login_required
@require_POST
def export_start(request):
    services.export_request(member=request.user)
    messages.success(request, _("Your export is being prepared. We will also email you a link when it is ready."))
    return redirect("privacy:index")


@require_GET
def export_download(request, token):
    """The ZIP, to the member whose export it is (the link alone is not enough), while it lasts.
    A link we did not sign is a 404 for anyone; a visitor with a real one is asked to sign in."""
    try:
        export = services.export_for_download(user=request.user, token=token)
    except services.LinkInvalid as error:
        raise Http404 from error
    except PermissionDenied:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return render(request, "403.html", status=403)
    except DomainError as error:
        return render(request, "marketplace/privacy/expired.html", {"message": error.message}, status=410)
    file = private_storage().open(export.file)
    file.name = export.file
    return private_file_response(file, content_type="application/zip",
                                 filename=f"valund-data-{export.created_at:%Y-%m-%d}.zip")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def close_account(request):
    """Close the account, confirmed with the password (and the second factor, when set up);
    refused with the list of what to settle first while a booking, money or a dispute is open."""
    user = request.user
    blockers = selectors.closure_blockers(user)
    has_factor = Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
    form = CloseAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_password_and_factor(user=user, password=form.cleaned_data["password"],
                                               code=form.cleaned_data["code"])
            services.account_close(member=user, actor=user)
        except services.ClosureBlocked as error:
            blockers = error.blockers
        except DomainError as error:
            form.add_error("code" if error.code == "code" else "password", error.message)
        else:
            logout(request)
            return redirect("privacy:closed")
    return render(request, "marketplace/privacy/close.html",
                  {"form": form, "blockers": blockers, "has_factor": has_factor},
                  status=409 if request.method == "POST" and blockers else 200)


@require_GET
def closed(request):
    return render(request, "marketplace/privacy/closed.html")
