"""Keep each profile's search entry current: after a commit that changed a profile, its
skills, its languages, its passport, or its owner's account or email address, rewrite that
entry (one statement); when a member's rating figures change, store them in the entry (in the
same transaction); after an editor changed the names or synonyms of a skill, a trade or a
passport document type, the entries of everyone holding it (from a task, in batches). Bulk
writes send no signals; whoever makes them calls services.rebuild()."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from marketplace.accounts.models import Language, Profile, Skill, SkillCategory, UserSkill
from marketplace.passport.models import CompetenceDocument, CompetenceTemplate
from marketplace.ratings.signals import rating_statistics_changed

from . import services, tasks
from .selectors.taxonomy import forget_form_choices
from .signals import alert_decided

User = get_user_model()
_M2M_WRITES = {"post_add", "post_remove", "post_clear"}


def _later(index, key) -> None:
    if not services.indexing_is_deferred():  # bulk work rebuilds the index at its end
        transaction.on_commit(lambda: index(key))


@receiver(post_save, sender=Profile)
def on_profile_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _later(services.index_profile, instance.pk)


@receiver(post_delete, sender=Profile)
def on_profile_deleted(sender, instance, **kwargs):
    """The entry goes with the profile (CASCADE); cached counts must not keep it."""
    services.index_changed()


@receiver(post_save, sender=UserSkill)
@receiver(post_delete, sender=UserSkill)
def on_user_skill_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _later(services.index_profile, instance.profile_id)


@receiver(m2m_changed, sender=Profile.languages.through)
def on_profile_languages_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse:
        # language.profiles.add(...): the profiles are in pk_set; clear() from this side
        # remembers them first, since pk_set is empty then.
        if action == "pre_clear":
            instance._search_cleared_profiles = list(instance.profiles.values_list("pk", flat=True))
        elif action in _M2M_WRITES:
            ids = pk_set if action != "post_clear" else getattr(instance, "_search_cleared_profiles", [])
            for profile_id in ids or ():
                _later(services.index_profile, profile_id)
    elif action in _M2M_WRITES:
        _later(services.index_profile, instance.pk)


@receiver(post_save, sender=User)
def on_user_saved(sender, instance, created, raw=False, **kwargs):
    """Role and active flag decide who is shown; the last login feeds the ranking's recency."""
    if not (raw or created):
        _later(services.index_member, instance.pk)


@receiver(post_save, sender=EmailAddress)
@receiver(post_delete, sender=EmailAddress)
def on_email_address_changed(sender, instance, raw=False, **kwargs):
    """Only members with a verified primary address are shown."""
    if not raw:
        _later(services.index_member, instance.user_id)


@receiver(post_save, sender=CompetenceDocument)
def on_document_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Only a status change (approved, expired, revoked…) changes what the document proves."""
    if not raw and (created or update_fields is None or "status" in update_fields):
        _later(services.index_member, instance.owner_id)


@receiver(m2m_changed, sender=CompetenceDocument.skills.through)
def on_document_skills_changed(sender, instance, action, reverse, **kwargs):
    if not reverse and action in _M2M_WRITES:
        _later(services.index_member, instance.owner_id)


@receiver(rating_statistics_changed)
def on_rating_statistics_changed(sender, statistics, **kwargs):
    """The ranking uses the Bayesian average of the member's ratings."""
    profile_id = Profile.objects.filter(user_id=statistics.user_id).values_list("pk", flat=True).first()
    if profile_id is not None:
        services.entry_set_rating(profile_id=profile_id, average=statistics.bayesian_average, count=statistics.count)


@receiver(alert_decided)
def on_alert_decided(sender, saved_search_id, profile_ids, **kwargs):
    tasks.send_saved_search_alert(saved_search_id, profile_ids)


# What of a skill, trade or document type is in its holders' text (a skill's trade too).
_VOCABULARY_FIELDS = {
    Skill: ("name", "name_sv", "synonyms", "category_id"),
    SkillCategory: ("name", "name_sv", "synonyms"),
    CompetenceTemplate: ("name", "name_sv", "synonyms"),
}
# The task that rewrites the holders' entries: there may be tens of thousands, so in the
# background and in batches, never in the editor's request.
_REINDEX_HOLDERS = {
    Skill: tasks.reindex_skill_holders,
    SkillCategory: tasks.reindex_category_holders,
    CompetenceTemplate: tasks.reindex_document_type_holders,
}


@receiver(pre_save, sender=Skill)
@receiver(pre_save, sender=SkillCategory)
@receiver(pre_save, sender=CompetenceTemplate)
def on_vocabulary_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """Remember the stored names, so that the save can tell an edit of them from any other change."""
    fields = _VOCABULARY_FIELDS[sender]
    if not raw and instance.pk and (update_fields is None or {*fields, "category"} & set(update_fields)):
        instance._search_stored_terms = sender.objects.filter(pk=instance.pk).values_list(*fields).first()


@receiver(post_save, sender=Skill)
@receiver(post_save, sender=SkillCategory)
@receiver(post_save, sender=CompetenceTemplate)
def on_vocabulary_saved(sender, instance, created, raw=False, **kwargs):
    """New names or synonyms of a skill, trade or document type (or a skill moved to another
    trade) change the text of everyone holding it: a task rewrites their entries after the commit."""
    stored = getattr(instance, "_search_stored_terms", None)
    current = tuple(getattr(instance, field) for field in _VOCABULARY_FIELDS[sender])
    if raw or created or stored is None or stored == current:
        return
    instance._search_stored_terms = current
    reindex, pk = _REINDEX_HOLDERS[sender], instance.pk
    transaction.on_commit(lambda: reindex(pk))


@receiver(post_save, sender=Skill)
@receiver(post_delete, sender=Skill)
@receiver(post_save, sender=SkillCategory)
@receiver(post_delete, sender=SkillCategory)
@receiver(post_save, sender=CompetenceTemplate)
@receiver(post_delete, sender=CompetenceTemplate)
@receiver(post_save, sender=Language)
@receiver(post_delete, sender=Language)
def on_taxonomy_changed(sender, **kwargs):
    """The search form offers every skill, trade and language, and the search reads the
    vocabulary (selectors.vocabulary_version): show the change at once (and again after the
    commit, in case a form read the old ones from the database meanwhile)."""
    forget_form_choices()
    transaction.on_commit(forget_form_choices)
