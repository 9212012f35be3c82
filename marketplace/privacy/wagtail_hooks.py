from wagtail import hooks

from .admin_views import DataRequestViewSet


@hooks.register("register_admin_viewset")
def register_data_requests():
    return DataRequestViewSet()
