from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "marketplace.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django.core.signals import request_finished

        from . import huey_context, images, metrics, middleware

        request_finished.connect(middleware.clear_request_id, dispatch_uid="valund_clear_request_id")
        huey_context.connect()
        metrics.autodiscover()
        images.limit_pillow()
