"""Checks that the stored data is whole: every study right's document against its rebuilt history."""

import logging
from dataclasses import dataclass, field

from registry.models import StudyRight
from registry.services.history import HistoryMismatch, rebuild_document

logger = logging.getLogger(__name__)

MAX_LISTED = 100
CHUNK_SIZE = 500


@dataclass
class HistoryCheck:
    """Study rights checked, and the OIDs of those whose document differs from their rebuilt latest version."""

    checked: int = 0
    mismatches: list = field(default_factory=list)
    more_mismatches: int = 0

    @property
    def passed(self):
        return not self.mismatches

    def add(self, oid, reason):
        if len(self.mismatches) < MAX_LISTED:
            self.mismatches.append((oid, reason))
        else:
            self.more_mismatches += 1


def check_study_right_histories():
    """Rebuild the latest version of every study right from its versions and compare it with the stored document.

    A study right whose history cannot be rebuilt, or rebuilds to another document, is listed with
    the reason. It reads only; a long run holds no lock.
    """
    check = HistoryCheck()
    study_rights = StudyRight.objects.only("pk", "oid", "version", "document").order_by("pk")
    for study_right in study_rights.iterator(chunk_size=CHUNK_SIZE):
        check.checked += 1
        try:
            rebuilt = rebuild_document(study_right, study_right.version)
        except HistoryMismatch as error:
            check.add(study_right.oid, str(error))
            continue
        if rebuilt != study_right.document:
            check.add(study_right.oid, f"version {study_right.version} rebuilds to another document")
    if check.mismatches:
        logger.error("history_check_failed checked=%s mismatches=%s", check.checked,
                     len(check.mismatches) + check.more_mismatches)
    else:
        logger.info("history_check_passed checked=%s", check.checked)
    return check
