"""Version history of study rights: patches, snapshots and rebuilding any version exactly."""

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


def record_version(study_right, previous, document, *, version, timestamp, user, source, imported_timestamp="",
                   patch=None):
    """Write version `version` of `study_right` and check that the chain rebuilds `document`.

    `previous` is None for the first version the register holds: its patch adds the whole
    document, and it keeps a snapshot whatever its number, so the chain can start there. An import
    passes the source's own `patch`, which must turn `previous` into `document`; the check below
    raises HistoryMismatch when it does not.
    """
    StudyRightVersion.objects.create(
        study_right=study_right,
        version=version,
        created_at=timestamp,
        imported_timestamp=imported_timestamp,
        author=user if user is not None and user.is_authenticated else None,
        author_name=user.get_username() if user is not None and user.is_authenticated else "",
        source=source,
        patch=make_patch(previous, document) if patch is None else patch,
        snapshot=document if previous is None or StudyRightVersion.keeps_snapshot(version) else None,
    )
    rebuilt = rebuild_document(study_right, version)
    if rebuilt != document:
        logger.error("history_mismatch study_right_oid=%s version=%s", study_right.oid, version)
        raise HistoryMismatch(f"Version {version} of {study_right.oid} does not rebuild from its history.")


def first_held_version(study_right):
    """Return the number of the oldest version the register holds of `study_right`, or None when it holds none.

    It is 1 unless the study right was imported from the national service without its earliest versions.
    """
    return (
        StudyRightVersion.objects.filter(study_right=study_right).order_by("version")
        .values_list("version", flat=True).first()
    )


def rebuild_document(study_right, version):
    """Return the document of `study_right` as it was at `version`, from the nearest snapshot before it.

    Raises HistoryMismatch when a version between the snapshot and `version` is missing, and
    when no snapshot precedes `version`, which is the case for versions older than the first held.
    """
    start = (
        StudyRightVersion.objects.filter(study_right=study_right, version__lte=version, snapshot__isnull=False)
        .order_by("-version").values_list("version", "snapshot").first()
    )
    if start is None:
        raise HistoryMismatch(f"Version {version} of {study_right.oid} is not held.")
    # The snapshot was just parsed from the database and belongs to no one else, so the patches
    # change it in place. The snapshot version's own patch is not read: for a first version it
    # holds the whole document again.
    start_version, document = start
    rows = (
        StudyRightVersion.objects.filter(study_right=study_right, version__gt=start_version, version__lte=version)
        .order_by("version")
        .values_list("version", "patch")
    )
    expected = start_version + 1
    for row_version, patch in rows:
        if row_version != expected:
            raise HistoryMismatch(f"Version {expected} of {study_right.oid} is missing.")
        document = jsonpatch.apply_patch(document, patch, in_place=True)
        expected += 1
    if expected != version + 1:
        raise HistoryMismatch(f"Version {version} of {study_right.oid} is missing.")
    return document
