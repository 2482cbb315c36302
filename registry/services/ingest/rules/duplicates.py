"""Duplicate rule: a document without OID or source id may not repeat a stored study right.

A document without identifiers creates a new study right. When the learner (or a learner merged
into them) already has a valid study right of the same institution, type and qualification whose
time overlaps the new one, the document most likely repeats it. It is rejected with
`conflict.exists`, and the error names the stored study right, whose OID the sender should send
instead. The comparison follows the national service's duplicate rules per kind of study right.
"""

import datetime

from ....errors import CONFLICT_EXISTS
from ....models import StudyRight
from ....transfer_format.model import INVALIDATED, read_study_right_model
from .kinds import (
    BASIC_EDUCATION,
    BASIC_EDUCATION_GRADE,
    BASIC_EDUCATION_SYLLABUS,
    GENERAL_UPPER_SECONDARY,
    GENERAL_UPPER_SECONDARY_SYLLABUS,
    OTHER_VOCATIONAL_TRAINING,
    PARTIAL_QUALIFICATION,
    QUALIFICATION,
    DEMONSTRATION_PREPARATION,
    SMALLER_THAN_UNIT_TRAINING,
    UNITS_FROM_SEVERAL_QUALIFICATIONS,
    VOCATIONAL,
)

BASIC_EDUCATION_SYLLABUS_TYPES = frozenset({BASIC_EDUCATION_SYLLABUS, BASIC_EDUCATION_GRADE})


def reject_overlapping_duplicate(resolved, problems, *, study_right, learner_ids, **_options):
    """Reject a document without OID or source id that overlaps a study right of the same learner, institution, type and qualification."""
    data = resolved.data
    if data.oid or data.source_id or resolved.existing is not None or not learner_ids:
        return
    for candidate in stored_candidates(learner_ids, resolved.institution, study_right.type):
        stored = read_study_right_model(candidate.document, "")
        if stored.linked == study_right.linked and repeats(study_right, stored, candidate):
            problems.append(CONFLICT_EXISTS(path=data.path, value=candidate.oid))
            return


def stored_candidates(learner_ids, institution, study_right_type):
    """Return the learner's valid study rights of the institution and type, oldest first."""
    return (
        StudyRight.objects
        .filter(learner_id__in=learner_ids, institution=institution, type=study_right_type, invalidated=False)
        .exclude(state=INVALIDATED)
        .only("oid", "document", "start_date", "end_date")
        .order_by("pk")
    )


def repeats(new, stored, row):
    """Return whether the new study right repeats a stored one of the same learner, institution and type.

    `row` is the stored StudyRight, whose start and end columns give its time. Other vocational
    training, training of smaller studies than a unit and general upper secondary subject studies
    can be taken several times at once and never repeat one another.
    """
    top_types = {top.type for top in new.achievements}
    overlaps = _overlap(new.start, new.end, row.start_date, row.end_date)

    if new.type == BASIC_EDUCATION:
        if top_types & BASIC_EDUCATION_SYLLABUS_TYPES:
            # The basic education syllabus: one at a time, whatever the first achievement.
            return overlaps and bool({top.type for top in stored.achievements} & BASIC_EDUCATION_SYLLABUS_TYPES)
        # Subject syllabi: a new one may start only after the stored one has ended.
        return _same_first_achievement(new, stored) and row.end_date is None and not (
            {top.type for top in stored.achievements} & BASIC_EDUCATION_SYLLABUS_TYPES
        )
    if new.type == GENERAL_UPPER_SECONDARY and top_types != {GENERAL_UPPER_SECONDARY_SYLLABUS}:
        return False
    if new.type == VOCATIONAL:
        if top_types <= {OTHER_VOCATIONAL_TRAINING} or top_types <= {SMALLER_THAN_UNIT_TRAINING}:
            return False
        if _names_qualification(new):
            return (
                _same_first_achievement(new, stored)
                and bool(_qualification_diary_numbers(new) & _qualification_diary_numbers(stored))
                and overlaps
            )
    return _same_first_achievement(new, stored) and overlaps


def _same_first_achievement(new, stored):
    if not new.achievements or not stored.achievements:
        return False
    first, other = new.achievements[0], stored.achievements[0]
    return (first.type, first.module_code) == (other.type, other.module_code)


def _names_qualification(study_right):
    return any(
        top.type in (QUALIFICATION, DEMONSTRATION_PREPARATION) or _is_partial_qualification(top)
        for top in study_right.achievements
    )


def _is_partial_qualification(top):
    return top.type == PARTIAL_QUALIFICATION and top.module_code != UNITS_FROM_SEVERAL_QUALIFICATIONS


def _qualification_diary_numbers(study_right):
    return {
        top.diary_number
        for top in study_right.achievements
        if top.diary_number and (top.type == QUALIFICATION or _is_partial_qualification(top))
    }


def _overlap(start, end, other_start, other_end):
    """Return whether two periods overlap, both days included; a missing start or end is open."""
    start = start or datetime.date.min
    other_start = other_start or datetime.date.min
    end = end or datetime.date.max
    other_end = other_end or datetime.date.max
    return start <= other_end and other_start <= end


RULES = [reject_overlapping_duplicate]
