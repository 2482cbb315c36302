"""Changes to one stored study right outside a transfer: invalidation and removal of a top-level achievement.

Each change writes its audit event through `ingest.store.write_version`, with the actor and request
id of the request or job that called the service.
"""

import logging

from django.db import transaction
from django.utils import timezone

from .. import errors, permissions
from ..errors import RegisterError
from ..models import AuditAction, Code, StudyRight
from ..transfer_format import lifecycle
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
        key = errors.FORBIDDEN_INVALIDATION if permission == permissions.INVALIDATE else errors.FORBIDDEN_ORGANISATION
        raise RegisterError(key(path="oid", value=owner.oid))
    allowed = permissions.service_source_systems(user, study_right.institution or study_right.provider, study_right.type)
    if allowed is not None and "" not in allowed and study_right.source_system not in allowed:
        raise RegisterError(errors.WRONG_SOURCE_SYSTEM(
            path="oid", value=study_right.source_system or "–", allowed=", ".join(sorted(allowed)),
        ))
    return study_right


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
