"""The passport does not know about credentials (it sits below them): a review decision it
records tells this app when a document was approved or revoked. Both run in the transaction
of the passport's own service (review_decide, document_revoke), so an approval and its
credential, or a revocation and the status list that publishes it, are written together or not
at all. Expiry needs nothing here: a credential carries its validUntil."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from marketplace.passport.models import CompetenceReview

from . import services

Decision = CompetenceReview.Decision


@receiver(post_save, sender=CompetenceReview)
def review_recorded(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    if instance.decision == Decision.APPROVED:
        services.credential_issue(document=instance.document)
    elif instance.decision == Decision.REVOKED:
        services.credential_revoke_for_document(document=instance.document)
