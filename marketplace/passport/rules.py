"""Who may review documents and open their files: rules that services (which enforce them),
views and the admin screens (which show them) all import, so none of them reaches into
services for a read."""

from marketplace.core.permissions import holds_permissions

from .models import CompetenceDocument

REVIEW_PERMISSION = "passport.review_competencedocument"


def can_review(user) -> bool:
    return holds_permissions(user, REVIEW_PERMISSION)


def can_open_file(user, document: CompetenceDocument) -> bool:
    return bool(user and user.is_authenticated and (user.pk == document.owner_id or can_review(user)))
