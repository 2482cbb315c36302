"""Changes to one stored study right outside a transfer: invalidation, removal of a top-level achievement, detachment.

Each change writes its audit event through `ingest.store.write_version`, with the actor and request
id of the request or job that called the service.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .. import errors, permissions
from ..errors import RegisterError
from ..models import AuditAction, Code, StudyRight, VersionSource
from ..transfer_format import lifecycle
from ..transfer_format.reader import TERMINAL_STATES
from ..transfer_format.writer import learner_document_for_edit
from .ingest import store_learner_document
from .ingest.store import write_version

logger = logging.getLogger(__name__)


def _locked_study_right(user, oid, permission):
    """Return the valid study right `oid` locked for update, or raise 404 when it is absent or unreadable.

    A caller who may read it but lacks `permission` gets the 403 of that permission. A service
    user also gets a 403 for a study right of a source system it was not granted, as it would
    when sending the study right's document.
    """
    study_right = (
        StudyRight.objects.select_for_update(of=("self",))
        .select_related("institution", "provider", "parent_institution", "learner")
        .filter(oid=oid, invalidated=False).first()
    )
    if study_right is None or not permissions.has_study_right_permission(user, permissions.READ, study_right):
        raise RegisterError(errors.STUDY_RIGHT_NOT_FOUND_OR_FORBIDDEN(path="oid", value=oid))
    if not permissions.has_study_right_permission(user, permission, study_right):
        owner = study_right.institution or study_right.provider
        if permission == permissions.DETACH:
            raise RegisterError(errors.DETACHMENT_NOT_ALLOWED(path="oid", problem=gettext(
                "you have no right to detach study rights of organisation %(oid)s from their source systems. "
                "Ask the registry administrator for the right."
            ) % {"oid": owner.oid}))
        key = errors.FORBIDDEN_INVALIDATION if permission == permissions.INVALIDATE else errors.FORBIDDEN_ORGANISATION
        raise RegisterError(key(path="oid", value=owner.oid))
    allowed = permissions.service_source_systems(user, study_right.institution or study_right.provider, study_right.type)
    if allowed is not None and "" not in allowed and study_right.source_system not in allowed:
        raise RegisterError(errors.WRONG_SOURCE_SYSTEM(
            path="oid", value=study_right.source_system or "–", allowed=", ".join(sorted(allowed)),
        ))
    if allowed is not None and lifecycle.is_detached(study_right.document):
        raise RegisterError(detached_error(study_right, "oid"))
    return study_right


def detached_error(study_right, path):
    """Return the error of a write that a study right detached from its source system refuses."""
    return errors.DETACHMENT_CHANGE_NOT_ALLOWED(
        path=path, value=study_right.oid, detached=lifecycle.detachment(study_right.document).get("purettu", ""),
    )


@transaction.atomic
def invalidate_study_right(oid, *, user, source):
    """Invalidate (mitätöi) a study right: append an invalidation period dated today as a new version."""
    study_right = _locked_study_right(user, oid, permissions.INVALIDATE)

    state = Code.objects.filter(code_set_uri=lifecycle.STATE_CODE_SET, value=lifecycle.INVALIDATED).first()
    document = lifecycle.invalidated(study_right.document, timezone.localdate(), state.name if state else None)
    write_version(study_right, document, study_right.institution, study_right.provider,
                  timestamp=timezone.now(), user=user, source=source, action=AuditAction.STUDY_RIGHT_INVALIDATE)
    logger.info("study_right_invalidated study_right_oid=%s version=%s user_id=%s", oid, study_right.version, user.pk)
    return study_right


@transaction.atomic
def delete_top_level_achievement(oid, version, achievement, *, user, source):
    """Remove a top-level achievement (päätason suoritus) from version `version` of a study right.

    The achievement is matched by its type and module code. Removing the last one is refused:
    a study right without achievements is invalidated instead.
    """
    study_right = _locked_study_right(user, oid, permissions.WRITE)
    if version != study_right.version:
        raise RegisterError(errors.CONFLICT_VERSION(path="versionumero", value=version, latest=study_right.version))

    document, removed = lifecycle.without_top_level_achievement(study_right.document, achievement)
    if removed == 0:
        kind, module = lifecycle.describe_achievement(achievement)
        raise RegisterError(errors.ACHIEVEMENT_NOT_FOUND(path="suoritus", value=oid, kind=kind, module=module))
    if not lifecycle.top_level_achievements(document):
        raise RegisterError(errors.ONLY_TOP_LEVEL_ACHIEVEMENT(path="suoritus", value=oid))

    write_version(study_right, document, study_right.institution, study_right.provider,
                  timestamp=timezone.now(), user=user, source=source, change="top_level_achievement_removed")
    logger.info("top_level_achievement_deleted study_right_oid=%s version=%s user_id=%s", oid, study_right.version, user.pk)
    return study_right


@transaction.atomic
def detach_study_right(oid, *, user, source=VersionSource.ADMIN):
    """Detach a study right from its source system: write a version with lähdejärjestelmäkytkentäPurettu.

    After that the source system can no longer write the study right, and officials with the write
    right edit it in the admin. As in the national service, only a study right that has a source
    id and has ended may be detached, and only once. The caller needs the detach right.
    """
    study_right = _locked_study_right(user, oid, permissions.DETACH)

    document = study_right.document
    if lifecycle.is_detached(document):
        raise RegisterError(detached_error(study_right, "lähdejärjestelmäkytkentäPurettu"))
    if not lifecycle.has_source_id(document):
        raise RegisterError(errors.DETACHMENT_NOT_ALLOWED(path="lähdejärjestelmänId", problem=gettext(
            "study right %(oid)s came from no source system, so there is nothing to detach"
        ) % {"oid": oid}))
    if study_right.state not in TERMINAL_STATES:
        raise RegisterError(errors.DETACHMENT_NOT_ALLOWED(path="tila", problem=gettext(
            "study right %(oid)s is still active (state %(state)s). Only a study right that has ended can be detached."
        ) % {"oid": oid, "state": study_right.state or "–"}))

    now = timezone.now()
    detached = lifecycle.detached(document, timezone.localtime(now).replace(tzinfo=None))
    write_version(study_right, detached, study_right.institution, study_right.provider,
                  timestamp=now, user=user, source=source, change="detached")
    logger.info("study_right_detached study_right_oid=%s version=%s user_id=%s", oid, study_right.version, user.pk)
    return study_right


def edit_detached_study_right(oid, study_right_document, *, user):
    """Store an official's edited document of a detached study right through the whole ingest pipeline.

    The document is checked and validated like a transfer, with the version source "admin". Only
    a detached study right may be edited: the others belong to their source systems. Raises
    RegisterError when the study right is missing, unreadable or still tied to its source system,
    and with the ingest's errors when the document is rejected.
    """
    study_right = StudyRight.objects.select_related("learner", "institution", "provider", "parent_institution").filter(
        oid=oid, invalidated=False,
    ).first()
    if study_right is None or not permissions.has_study_right_permission(user, permissions.READ, study_right):
        raise RegisterError(errors.STUDY_RIGHT_NOT_FOUND_OR_FORBIDDEN(path="oid", value=oid))
    if not lifecycle.is_detached(study_right.document):
        raise RegisterError(errors.DETACHMENT_NOT_ALLOWED(path="lähdejärjestelmäkytkentäPurettu", problem=gettext(
            "study right %(oid)s is still tied to its source system, which keeps it up to date. Detach it before editing it here."
        ) % {"oid": oid}))
    if not isinstance(study_right_document, dict):
        raise RegisterError(errors.JSON_SCHEMA(path="(document)", problem=gettext("send the study right as a JSON object")))
    if study_right_document.get("oid") != oid:
        raise RegisterError(errors.FORBIDDEN_CHANGE(
            path="oid", field="oid", stored=oid, value=study_right_document.get("oid") or "-",
        ))

    document = learner_document_for_edit(study_right.learner, study_right_document)
    result = store_learner_document(document, user=user, source=VersionSource.ADMIN, allow_update=True)
    return result.study_rights[0]
