from django.core.signals import request_finished, request_started
from django.dispatch import receiver
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .selectors import clear_directory_url, directory_url_request_finished, directory_url_request_started


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def on_page_tree_changed(sender, **kwargs):
    clear_directory_url()


@receiver(request_started)
def on_request_started(sender, **kwargs):
    directory_url_request_started()


@receiver(request_finished)
def on_request_finished(sender, **kwargs):
    directory_url_request_finished()
