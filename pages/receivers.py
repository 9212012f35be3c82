from allauth.account.models import EmailAddress
from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from marketplace.accounts.models import Profile, User, UserSkill
from marketplace.core.site_pages import forget_site_pages
from marketplace.passport.models import CompetenceDocument
from marketplace.ratings.models import Rating, RatingResponse
from marketplace.ratings.signals import rating_statistics_changed
from marketplace.search.signals import ranking_refreshed

from . import purge
from .directory import clear_directory_url, directory_url_request_finished, directory_url_request_started
from .models import SiteFooter
from .routing import forget_routes

# Set on a live page by its full save, which purged it: the page_published that follows (the same
# publish, the same revision) has nothing left to purge.
PURGED_AT_SAVE = "_valund_purged_at_save"


def _forget_the_tree():
    clear_directory_url()
    forget_routes()
    forget_site_pages()


@receiver(page_published)
@receiver(page_unpublished)
def on_page_published(sender, instance, **kwargs):
    """The page's own addresses and its ancestors', in every language (purge.page_changed), once:
    publishing saves the page in full just before it signals, and that save has purged them."""
    if kwargs["signal"] is page_published and instance.__dict__.pop(PURGED_AT_SAVE, None) == instance.live_revision_id:
        return
    _forget_the_tree()
    purge.page_changed(instance)


@receiver(page_slug_changed)
@receiver(post_page_move)
def on_page_tree_changed(sender, **kwargs):
    _forget_the_tree()
    purge.site_changed()


@receiver(post_save)
@receiver(post_delete)
def on_page_or_site_saved(sender, instance, update_fields=None, created=False, **kwargs):
    """A page or site written outside the publishing flow (a script, a bulk import, a deletion).
    A draft saved (a revision, autosave, a lock) or a new page not yet live changes nothing a
    visitor sees: no purge. A live page saved in full (publishing, or a script) purges its
    addresses; a deletion or a site every page."""
    if isinstance(instance, Page):
        if purge.is_draft_only_save(update_fields) or (not instance.live and kwargs.get("signal") is post_save):
            return
        _forget_the_tree()
        if kwargs.get("signal") is post_save:
            purge.page_changed(instance)
            setattr(instance, PURGED_AT_SAVE, instance.live_revision_id)
        else:
            purge.site_changed()
    elif isinstance(instance, Site | SiteFooter):  # a site, or its footer setting
        _forget_the_tree()
        purge.site_changed()


# What a profile's page, the directory and the pages featuring freelancers show (purge.py).


@receiver(post_save, sender=Profile)
def on_profile_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        purge.profiles_changed(profile_ids=[instance.pk])


@receiver(post_delete, sender=Profile)
def on_profile_deleted(sender, instance, **kwargs):
    purge.profiles_changed(slugs=[instance.slug])


@receiver(post_save, sender=UserSkill)
@receiver(post_delete, sender=UserSkill)
def on_user_skill_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        purge.profiles_changed(profile_ids=[instance.profile_id])


@receiver(m2m_changed, sender=Profile.languages.through)
def on_profile_languages_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        if reverse:
            purge.profiles_changed(profile_ids=pk_set or ())
        else:
            purge.profiles_changed(profile_ids=[instance.pk])


@receiver(post_save, sender=User)
def on_member_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Role, active flag (a freelancer suspended or leaving); not a sign-in (last_login), which
    no page shows."""
    if not (raw or created) and set(update_fields or ()) != {"last_login"}:
        purge.profiles_changed(user_ids=[instance.pk])


@receiver(post_save, sender=EmailAddress)
@receiver(post_delete, sender=EmailAddress)
def on_email_address_changed(sender, instance, raw=False, **kwargs):
    """Only members with a verified primary address are shown."""
    if not raw:
        purge.profiles_changed(user_ids=[instance.user_id])


@receiver(post_save, sender=CompetenceDocument)
def on_document_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Approved, expired or revoked: the verified badge and the credentials shown."""
    if not raw and (created or update_fields is None or "status" in update_fields):
        purge.profiles_changed(user_ids=[instance.owner_id])


@receiver(m2m_changed, sender=CompetenceDocument.skills.through)
def on_document_skills_changed(sender, instance, action, reverse, **kwargs):
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        purge.profiles_changed(user_ids=[instance.owner_id])


@receiver(post_save, sender=Rating)
@receiver(post_delete, sender=Rating)
def on_rating_changed(sender, instance, raw=False, **kwargs):
    """Revealed, hidden or shown again by a moderator."""
    if not raw:
        purge.profiles_changed(user_ids=[instance.subject_id])


@receiver(post_save, sender=RatingResponse)
@receiver(post_delete, sender=RatingResponse)
def on_rating_answered(sender, instance, raw=False, **kwargs):
    if not raw:
        purge.profiles_changed(user_ids=[instance.author_id])


@receiver(rating_statistics_changed)
def on_rating_statistics_changed(sender, statistics, **kwargs):
    purge.profiles_changed(user_ids=[statistics.user_id])


@receiver(ranking_refreshed)
def on_ranking_refreshed(sender, **kwargs):
    purge.ranking_changed()


@receiver(request_started)
def on_request_started(sender, **kwargs):
    directory_url_request_started()


@receiver(request_finished)
def on_request_finished(sender, **kwargs):
    directory_url_request_finished()
