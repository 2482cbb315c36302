"""Reads of a study right and its version history, scoped by the caller's rights."""

from .. import permissions
from ..models import StudyRight, StudyRightVersion


def readable_study_right(user, oid):
    """Return the study right `oid` if `user` may read it, invalidated or not; otherwise None.

    Invalidated study rights vanish from lists and learner reads, but whoever may read the
    organisation's study rights still finds them by OID, with their history.
    """
    study_right = (
        StudyRight.objects.select_related("institution", "provider", "parent_institution", "learner").filter(oid=oid).first()
    )
    if study_right is None or not permissions.has_study_right_permission(user, permissions.READ, study_right):
        return None
    return study_right


def versions(study_right):
    """Return the version rows of a study right, oldest first, without their snapshots."""
    return StudyRightVersion.objects.filter(study_right=study_right).defer("snapshot").order_by("version")
