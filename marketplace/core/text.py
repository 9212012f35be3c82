"""The one way services clean free text that members write (reasons, messages, reviews, notes)."""

from django.utils.translation import gettext as _

from .errors import DomainError


def clean_text(value: str | None, *, limit: int, field: str, required: bool = True,
               required_message: str | None = None) -> str:
    """Strip the text, drop NUL characters (PostgreSQL refuses them), and refuse it when it is
    required and empty or longer than `limit` characters. The refusal names `field` as its code,
    so forms show it next to that field."""
    text = (value or "").strip().replace("\x00", "")
    if required and not text:
        raise DomainError(required_message or _("This field is required."), code=field)
    if len(text) > limit:
        raise DomainError(_("Keep it to %(limit)s characters (it has %(count)s).")
                          % {"limit": f"{limit:,}", "count": f"{len(text):,}"}, code=field)
    return text
