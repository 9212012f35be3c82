"""The export of everything Valund holds about a member: asked for, built in the background into
a ZIP in private storage (the sections are read by privacy/export.py), announced by email with a
signed link that only the member can open, and expired with its link."""

import datetime
import json
import logging
import tempfile
import zipfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.files import File
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.locale import addressed_to
from marketplace.core.errors import DomainError, InvalidTransition, PermissionDenied
from marketplace.core.http import absolute_url, request_origin
from marketplace.core.storage import private_storage, unguessable_name

from .. import export, selectors
from ..models import DataRequest
from ..signals import export_requested

logger = logging.getLogger(__name__)
User = get_user_model()

EXPORT_SALT = "valund.privacy.export"


def _move(request: DataRequest, to: str, **fields) -> None:
    if to not in DataRequest.TRANSITIONS[request.status]:
        raise InvalidTransition(_("This request is %(status)s already.") % {"status": request.get_status_display()})
    request.status = to
    for name, value in fields.items():
        setattr(request, name, value)
    request.save()


def export_request(*, member, requested_by=None) -> DataRequest:
    """Ask for an export; one at a time: while one is being built, asking again returns it."""
    User.objects.select_for_update().filter(pk=member.pk).first()
    waiting = selectors.requests_of(member, DataRequest.Kind.EXPORT).filter(
        status__in=[DataRequest.Status.PENDING, DataRequest.Status.RUNNING]).first()
    if waiting:
        return waiting
    request = DataRequest.objects.create(kind=DataRequest.Kind.EXPORT, member=member,
                                         requested_by=requested_by or member)
    # The worker has no request: the address the member is using travels with the task.
    origin = request_origin.get()
    transaction.on_commit(lambda: export_requested.send(sender=DataRequest, request_id=request.pk, origin=origin))
    return request


def export_build(*, request_id: int, origin: str | None = None) -> DataRequest:
    """Write the ZIP (one JSON file per section, the original files under files/) to private
    storage, recording the progress as each section is done, then email the link."""
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().get(pk=request_id)
        _move(request, DataRequest.Status.RUNNING, progress=0)
    member = request.member
    try:
        readers = export.SECTIONS
        with tempfile.TemporaryFile() as spool:
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                contents = []
                for done, read in enumerate(readers, start=1):
                    section = read(member)
                    archive.writestr(f"{section.name}.json", json.dumps(section.data, default=export.jsonable,
                                                                        ensure_ascii=False, indent=2))
                    for item in section.files:
                        try:
                            with item.field.open("rb") as source:
                                archive.writestr(item.path, source.read())
                        except (FileNotFoundError, OSError):
                            logger.warning("Export %s: file %s is missing from storage", request.pk, item.field.name)
                    contents.append({"section": f"{section.name}.json", "files": len(section.files)})
                    DataRequest.objects.filter(pk=request.pk).update(progress=int(done * 95 / len(readers)))
                archive.writestr("README.txt", render_to_string("marketplace/privacy/export_readme.txt", {
                    "member": member, "created_at": timezone.now(), "contents": contents,
                    "format_version": export.FORMAT_VERSION,
                }))
            size = spool.tell()
            spool.seek(0)
            name = private_storage().save(unguessable_name("exports", "export.zip"), File(spool))
    except Exception:
        DataRequest.objects.filter(pk=request.pk).update(status=DataRequest.Status.FAILED, finished_at=timezone.now())
        raise
    expires = timezone.now() + datetime.timedelta(hours=settings.PRIVACY_EXPORT_HOURS)
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().get(pk=request.pk)
        _move(request, DataRequest.Status.READY, progress=100, file=name, size=size, expires_at=expires,
              finished_at=timezone.now(), record={"sections": contents})
    _email_export_ready(request, origin=origin)
    return request


def export_token(request: DataRequest) -> str:
    return signing.dumps(request.pk, salt=EXPORT_SALT)


def export_link(request: DataRequest, *, origin: str | None = None) -> str:
    return absolute_url(reverse("privacy:export_download", args=[export_token(request)]), origin=origin)


def _email_export_ready(request: DataRequest, *, origin: str | None) -> None:
    """In the member's language (accounts.locale.addressed_to): a Huey task sends it, with no
    request of theirs to say which."""
    with addressed_to(request.member):
        subject = _("Your Valund data is ready to download")
        body = render_to_string("marketplace/privacy/email_export_ready.txt", {
            "request": request, "link": export_link(request, origin=origin),
            "hours": settings.PRIVACY_EXPORT_HOURS,
        })
    EmailMessage(subject, body, None, [request.member.email]).send()


class LinkInvalid(DomainError):
    """Not a link Valund made: answered 404, before anyone is asked to sign in."""


def export_for_download(*, user, token: str) -> DataRequest:
    """The export a link names, for its owner only, while the link and the file last. A link
    Valund did not sign raises LinkInvalid; an expired one DomainError("expired"); anyone but
    the owner PermissionDenied (a visitor is asked to sign in by the view first)."""
    try:
        pk = signing.loads(token, salt=EXPORT_SALT, max_age=datetime.timedelta(hours=settings.PRIVACY_EXPORT_HOURS))
    except signing.SignatureExpired as error:
        raise DomainError(_("This download link has expired. Ask for a new export."), code="expired") from error
    except signing.BadSignature as error:
        raise LinkInvalid(_("This is not a download link of ours."), code="invalid") from error
    request = DataRequest.objects.filter(pk=pk, kind=DataRequest.Kind.EXPORT).first()
    if request is None:
        raise LinkInvalid(_("This is not a download link of ours."), code="invalid")
    if not user.is_authenticated or request.member_id != user.pk:
        raise PermissionDenied()
    if request.status != DataRequest.Status.READY or not request.file or request.expires_at <= timezone.now():
        raise DomainError(_("This export is no longer available. Ask for a new one."), code="expired")
    return request


def exports_expire(*, now: datetime.datetime) -> int:
    expired = 0
    for request in DataRequest.objects.filter(kind=DataRequest.Kind.EXPORT, status=DataRequest.Status.READY,
                                              expires_at__lte=now):
        with transaction.atomic():
            request = DataRequest.objects.select_for_update().get(pk=request.pk)
            name = request.file
            _move(request, DataRequest.Status.EXPIRED, file="")
            transaction.on_commit(lambda name=name: private_storage().delete(name))
        expired += 1
    return expired
