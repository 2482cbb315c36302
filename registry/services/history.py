"""Version history of study rights: patches, snapshots and rebuilding any version exactly."""

import copy
import logging

import jsonpatch

from ..models import StudyRightVersion

logger = logging.getLogger(__name__)


class HistoryMismatch(RuntimeError):
    """The version chain does not rebuild the stored document: nothing may be written on top of it."""


def make_patch(previous, document):
    """Return the RFC 6902 patch from `previous` to `document`; from nothing, one `add` of the whole document."""
    if previous is None:
        return [{"op": "add", "path": "", "value": document}]
    patch = jsonpatch.make_patch(previous, document).patch
    # Some list edits are known to produce patches that jsonpatch itself applies differently; a
    # whole-document replacement is always exact, so it is the fallback.
    if jsonpatch.apply_patch(previous, patch) != document:
        return [{"op": "replace", "path": "", "value": document}]
    return patch


def record_version(study_right, previous, document, *, version, timestamp, user, source):
    """Write version `version` of `study_right` and check that the chain rebuilds `document`."""
    StudyRightVersion.objects.create(
        study_right=study_right,
        version=version,
        created_at=timestamp,
        author=user if user is not None and user.is_authenticated else None,
        author_name=user.get_username() if user is not None and user.is_authenticated else "",
        source=source,
        patch=make_patch(previous, document),
        snapshot=document if StudyRightVersion.keeps_snapshot(version) else None,
    )
    rebuilt = rebuild_document(study_right, version)
    if rebuilt != document:
        logger.error("history_mismatch study_right_oid=%s version=%s", study_right.oid, version)
        raise HistoryMismatch(f"Version {version} of {study_right.oid} does not rebuild from its history.")


def rebuild_document(study_right, version):
    """Return the document of `study_right` as it was at `version`, from the nearest snapshot."""
    interval = StudyRightVersion.SNAPSHOT_INTERVAL
    first = (version - 1) // interval * interval + 1
    rows = (
        StudyRightVersion.objects.filter(study_right=study_right, version__gte=first, version__lte=version)
        .order_by("version")
        .values_list("version", "patch", "snapshot")
    )
    document = None
    expected = first
    for row_version, patch, snapshot in rows:
        if row_version != expected:
            raise HistoryMismatch(f"Version {expected} of {study_right.oid} is missing.")
        if snapshot is not None:
            document = copy.deepcopy(snapshot)
        else:
            document = jsonpatch.apply_patch(document, patch, in_place=True)
        expected += 1
    if expected != version + 1:
        raise HistoryMismatch(f"Version {version} of {study_right.oid} is missing.")
    return document
