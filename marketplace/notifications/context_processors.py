from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def notifications(request):
    """`unread_notifications` for the header; counted only when a template asks (cached)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user=user))}
