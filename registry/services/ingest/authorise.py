"""Step 4 of ingest: check that the caller may write each study right of the document."""

from django.conf import settings
from django.utils.translation import gettext

from ... import errors, permissions
from ...errors import RegisterError
from ...models import Organisation
from ...transfer_format import lifecycle
from ...transfer_format.paths import child

MATRICULATION_EXAMINATION = "ylioppilastutkinto"


def authorise(resolution, user):
    """Raise RegisterError unless `user` may write every study right of the resolution.

    A writer needs the write right on the study right's institution or education provider (or an
    organisation above them), and on the stored study right's organisations when it updates one;
    a document that invalidates a study right also needs the invalidation right.
    Matriculation examination records come only from the Matriculation Examination Board.
    """
    if permissions.is_registry_administrator(user):
        return
    problems = []
    for resolved in resolution.study_rights:
        data = resolved.data
        if data.type == MATRICULATION_EXAMINATION and not _may_write_matriculation(user):
            problems.append(errors.FORBIDDEN_TYPE(
                path=child(data.path, "tyyppi"), value=data.type,
                hint=gettext("Matriculation examination records come from the Matriculation Examination Board."),
            ))
            continue
        owners = [resolved.institution, resolved.provider]
        if resolved.existing is not None:
            owners = [resolved.existing.institution, resolved.existing.provider]
        owner = next(organisation for organisation in owners if organisation is not None)
        if not any(permissions.has_organisation_permission(user, permissions.WRITE, organisation) for organisation in owners):
            problems.append(errors.FORBIDDEN_ORGANISATION(path=child(data.path, "oppilaitos"), value=owner.oid))
        elif lifecycle.is_invalidation(resolved.document) and not any(
            permissions.has_organisation_permission(user, permissions.INVALIDATE, organisation) for organisation in owners
        ):
            problems.append(errors.FORBIDDEN_INVALIDATION(path=child(data.path, "tila"), value=owner.oid))
    if problems:
        raise RegisterError(problems)


def _may_write_matriculation(user):
    board = Organisation.objects.filter(oid=settings.TOR_MATRICULATION_BOARD_OID).first()
    return permissions.has_organisation_permission(user, permissions.WRITE, board)
