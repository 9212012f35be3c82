from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def index(request):
    """What needs the member now, their getting started while it lasts, and their role's cards."""
    return render(request, "marketplace/dashboard/index.html", {"dashboard": selectors.dashboard_for(request.user)})
