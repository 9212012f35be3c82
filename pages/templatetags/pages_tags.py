import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from marketplace.accounts.models import initials as initials_of

register = template.Library()

# The same escapes as django.utils.html.json_script: inside <script> a user's "</script>"
# must not end the element, whatever the bio says.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """{{ person_schema|json_ld }}: a schema.org data block, safe to embed in HTML."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def initials(name):
    """'Astrid Lindqvist' → 'AL': the avatar stand-in when a member has no photo."""
    return initials_of(name)


@register.filter
def location(profile):
    """'Göteborg, Sweden', or whichever of the two the member gave."""
    return profile.place
