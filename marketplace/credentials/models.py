"""Verifiable credentials that Valund issues for approved passport documents: the issuer's
public keys (the private key never touches the database), the revocation status lists and
every credential issued, kept as signed."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import TimeStampedModel
from marketplace.passport.models import CompetenceDocument

# The Bitstring Status List's minimum size (16 KB), which hides any one holder in the crowd.
STATUS_LIST_SIZE = 131_072


class IssuerKey(models.Model):
    """A public key Valund has signed with. The did:web document lists every key still needed
    to check a credential that has not expired; retired_at is set when another key takes over."""

    public_key_multibase = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("issuer key")

    def __str__(self):
        return self.public_key_multibase

    @property
    def fragment(self) -> str:
        return self.public_key_multibase


class StatusList(models.Model):
    """One Bitstring Status List (revocation): its signed credential is rewritten in the same
    transaction as any change to its bits, so the published list is never behind."""

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", _("revocation")

    slug = models.SlugField(max_length=40, unique=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.REVOCATION)
    size = models.PositiveIntegerField(default=STATUS_LIST_SIZE)
    next_index = models.PositiveIntegerField(default=0)
    signed = models.TextField(blank=True, help_text=_("The signed status list credential (vc+jwt)."))
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.slug


class IssuedCredential(TimeStampedModel):
    """A signed OpenBadgeCredential for one approved version of a passport document."""

    class Reason(models.TextChoices):
        REVOKED = "revoked", _("The document was revoked")
        SUPERSEDED = "superseded", _("A newer credential replaced it")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(CompetenceDocument, on_delete=models.PROTECT, related_name="credentials")
    version = models.PositiveSmallIntegerField(help_text=_("The document's file version it was issued for."))
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="credentials")
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="credentials")
    status_index = models.PositiveIntegerField()
    credential = models.JSONField(help_text=_("The credential as signed (the JWT's payload)."))
    signed = models.TextField(help_text=_("The compact JWS: application/vc+jwt."))
    issued_at = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("issued credential")
        constraints = [
            models.UniqueConstraint(fields=["status_list", "status_index"], name="credentials_unique_status_index"),
            models.UniqueConstraint(
                fields=["document"], condition=Q(revoked_at__isnull=True), name="credentials_one_current_per_document"
            ),
        ]

    def __str__(self):
        return f"urn:uuid:{self.uuid}"

    @property
    def urn(self) -> str:
        return f"urn:uuid:{self.uuid}"


class HolderDid(models.Model):
    """A DID the freelancer controls (their wallet's), named as the subject of new credentials."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="holder_did")
    did = models.CharField(_("your DID"), max_length=255)

    def __str__(self):
        return self.did
