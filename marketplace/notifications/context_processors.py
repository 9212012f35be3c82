from django.utils.functional import SimpleLazyObject


def notifications(request):
    """`unread_notifications` for the header; counted only when a template asks (cached)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from .selectors import unread_count

        return unread_count(user=user)

    return {"unread_notifications": SimpleLazyObject(count)}
