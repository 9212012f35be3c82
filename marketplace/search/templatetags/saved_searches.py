"""{% save_search_form params %}: the results page's "Save this search" card."""

import dataclasses

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from marketplace.core.directory import directory_url

from .. import forms
from ..forms import SavedSearchForm
from ..query import SearchParams

register = template.Library()
FORM_ID = "save-search-form"


@register.inclusion_tag("marketplace/search/saved/_save_form.html", takes_context=True)
def save_search_form(context, params: SearchParams):
    """The form that saves `params` (the page's cleaned search); a login link for visitors."""
    querystring = forms.to_querystring(dataclasses.replace(params, page=1))
    results_url = directory_url(querystring)
    request = context.get("request")
    form = SavedSearchForm(initial={"querystring": querystring})
    # The card sits inside the search form, and forms do not nest: its fields belong to the
    # empty <form id="save-search-form"> the page puts after the search form.
    for field in form.fields.values():
        field.widget.attrs["form"] = FORM_ID
    return {
        "request": request,
        "user": getattr(request, "user", None),
        "csrf_token": context.get("csrf_token"),
        "form": form,
        "form_id": FORM_ID,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': results_url})}",
        # Saved searches are a client's: a visitor who joins here joins as one.
        "signup_url": f"{reverse('account_signup')}?{urlencode({'role': 'client', 'next': results_url})}",
    }


@register.inclusion_tag("marketplace/search/saved/_save_form_element.html", takes_context=True)
def save_search_form_element(context):
    """The (empty) form the "Save this search" card's fields belong to: outside the search form."""
    request = context.get("request")
    return {"user": getattr(request, "user", None), "form_id": FORM_ID}
