"""Step 4 of ingest: check that the caller may write each study right of the document."""

from django.conf import settings
from django.utils.translation import gettext

from ... import errors, permissions
from ...errors import RegisterError
from ...models import Organisation, VersionSource
from ...transfer_format import lifecycle
from ...transfer_format.paths import child
from .sensitive_data import may_change_sensitive, new_sensitive_paths

MATRICULATION_EXAMINATION = "ylioppilastutkinto"


def authorise(resolution, user, source=VersionSource.API):
    """Raise RegisterError unless `user` may write every study right of the resolution.

    A writer needs the write right on the study right's institution or education provider (or an
    organisation above them), for the study right's type, and on the stored study right's
    organisations when it updates one, and on the new ones when the update moves it; a document
    that invalidates a study right also needs the invalidation right. A service user must send
    the source id, from a source system it was granted. Adding or changing sensitive data needs
    the sensitive-data right. Matriculation examination records come only from the Matriculation
    Examination Board.

    A study right detached from its source system is written only from the admin (`source`
    "admin"), and no write may detach one or change its detachment; this holds for registry
    administrators too, because it protects the record, not the caller's rights.
    """
    problems = []
    for resolved in resolution.study_rights:
        check_detachment(resolved, source, problems)
    if problems:
        raise RegisterError(problems)
    if permissions.is_registry_administrator(user):
        return
    for resolved in resolution.study_rights:
        for check in CHECKS:
            if check(resolved, user, problems):
                break
    if problems:
        raise RegisterError(problems)


def _owners(resolved):
    if resolved.existing is not None:
        return [resolved.existing.institution, resolved.existing.provider]
    return [resolved.institution, resolved.provider]


def _holds(user, permission, resolved):
    return any(
        permissions.has_organisation_permission(user, permission, owner, resolved.data.type) for owner in _owners(resolved)
    )


def check_matriculation_examination(resolved, user, problems):
    data = resolved.data
    if data.type != MATRICULATION_EXAMINATION:
        return False
    board = Organisation.objects.filter(oid=settings.TOR_MATRICULATION_BOARD_OID).first()
    if permissions.has_organisation_permission(user, permissions.WRITE, board, data.type):
        return False
    problems.append(errors.FORBIDDEN_TYPE(
        path=child(data.path, "tyyppi"), value=data.type,
        hint=gettext("Matriculation examination records come from the Matriculation Examination Board."),
    ))
    return True


def check_write_right(resolved, user, problems):
    if not _holds(user, permissions.WRITE, resolved):
        owner = next(organisation for organisation in _owners(resolved) if organisation is not None)
        problems.append(errors.FORBIDDEN_ORGANISATION(path=child(resolved.data.path, "oppilaitos"), value=owner.oid))
        return True
    # An update that moves the study right needs the right where it moves to as well.
    stored = resolved.existing
    if stored is None or (stored.institution_id, stored.provider_id) == (
        getattr(resolved.institution, "pk", None), getattr(resolved.provider, "pk", None)
    ):
        return False
    new_owners = [resolved.institution, resolved.provider]
    if any(permissions.has_organisation_permission(user, permissions.WRITE, owner, resolved.data.type) for owner in new_owners):
        return False
    owner = next(organisation for organisation in new_owners if organisation is not None)
    problems.append(errors.FORBIDDEN_ORGANISATION(path=child(resolved.data.path, "oppilaitos"), value=owner.oid))
    return True


def check_detachment(resolved, source, problems):
    """Refuse a write that detaches a study right, changes a detachment, or writes a detached study right from outside the admin."""
    path = child(resolved.data.path, lifecycle.DETACHMENT_FIELD)
    sent = lifecycle.detachment(resolved.document)
    stored = lifecycle.detachment(resolved.existing.document) if resolved.existing is not None else None
    if stored is None:
        if sent is not None:
            problems.append(errors.DETACHMENT_NOT_ALLOWED(path=path, problem=gettext(
                "a transfer cannot detach a study right from its source system. "
                "An official with the right to detach does it in the admin."
            )))
        return
    if source != VersionSource.ADMIN or sent != stored:
        problems.append(errors.DETACHMENT_CHANGE_NOT_ALLOWED(
            path=path, value=resolved.existing.oid, detached=stored.get("purettu", ""),
        ))


def check_invalidation_right(resolved, user, problems):
    if not lifecycle.is_invalidation(resolved.document) or _holds(user, permissions.INVALIDATE, resolved):
        return False
    owner = next(organisation for organisation in _owners(resolved) if organisation is not None)
    problems.append(errors.FORBIDDEN_INVALIDATION(path=child(resolved.data.path, "tila"), value=owner.oid))
    return True


def check_service_user_source(resolved, user, problems):
    data = resolved.data
    owner = next(organisation for organisation in _owners(resolved) if organisation is not None)
    allowed = permissions.service_source_systems(user, owner, data.type)
    if allowed is None:
        return False
    path = child(data.path, "lähdejärjestelmänId")
    if not data.source_id:
        problems.append(errors.SOURCE_ID_MISSING(path=path))
        return True
    if "" not in allowed and data.source_system not in allowed:
        problems.append(errors.WRONG_SOURCE_SYSTEM(path=path, value=data.source_system, allowed=", ".join(sorted(allowed))))
        return True
    return False


def check_sensitive_data(resolved, user, problems):
    if lifecycle.is_invalidation(resolved.document) or may_change_sensitive(user, resolved):
        return False
    stored = resolved.existing.document if resolved.existing is not None else None
    new_paths = new_sensitive_paths(stored, resolved.document, resolved.data.type)
    for path in new_paths:
        problems.append(errors.SENSITIVE_CHANGE_FORBIDDEN(path=child(resolved.data.path, path)))
    return bool(new_paths)


# Each check returns True when it rejected the study right; later checks then do not run for it.
CHECKS = [
    check_matriculation_examination,
    check_write_right,
    check_invalidation_right,
    check_service_user_source,
    check_sensitive_data,
]
