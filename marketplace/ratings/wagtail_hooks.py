"""Staff screens for reviews: the moderation queue and featuring (admin_views.py)."""

from wagtail import hooks

from .admin_views import RatingModerationViewSet


@hooks.register("register_admin_viewset")
def register_rating_moderation():
    return RatingModerationViewSet()
