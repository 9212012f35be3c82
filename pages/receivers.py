from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from marketplace.core.site_pages import forget_site_pages

from .directory import clear_directory_url, directory_url_request_finished, directory_url_request_started
from .routing import forget_routes


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def on_page_tree_changed(sender, **kwargs):
    clear_directory_url()
    forget_routes()
    forget_site_pages()


@receiver(post_save)
@receiver(post_delete)
def on_page_or_site_saved(sender, instance, **kwargs):
    """A page or site written outside the publishing flow (a script, a bulk import, a deletion)."""
    if isinstance(instance, Page | Site):
        clear_directory_url()
        forget_routes()
        forget_site_pages()


@receiver(request_started)
def on_request_started(sender, **kwargs):
    directory_url_request_started()


@receiver(request_finished)
def on_request_finished(sender, **kwargs):
    directory_url_request_finished()
