"""{% save_search_form params %}: the results page's "Save this search" card."""

import dataclasses

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from pages.selectors import directory_url

from .. import forms
from ..forms import SavedSearchForm
from ..query import SearchParams

register = template.Library()


@register.inclusion_tag("marketplace/search/saved/_save_form.html", takes_context=True)
def save_search_form(context, params: SearchParams):
    """The form that saves `params` (the page's cleaned search); a login link for visitors."""
    querystring = forms.to_querystring(dataclasses.replace(params, page=1))
    results_url = f"{directory_url()}?{querystring}" if querystring else directory_url()
    request = context.get("request")
    return {
        "request": request,
        "user": getattr(request, "user", None),
        "csrf_token": context.get("csrf_token"),
        "form": SavedSearchForm(initial={"querystring": querystring}),
        "login_url": f"{reverse('account_login')}?{urlencode({'next': results_url})}",
    }
