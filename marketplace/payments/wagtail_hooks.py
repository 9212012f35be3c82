from wagtail import hooks

from .admin_views import DisputeViewSet, OverviewViewSet


@hooks.register("register_admin_viewset")
def register_disputes():
    return DisputeViewSet()


@hooks.register("register_admin_viewset")
def register_overview():
    return OverviewViewSet()
