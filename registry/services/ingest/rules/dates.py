"""Date rules: the study right's start, end and periods, and its achievements' assessment and verification dates.

They follow the national service's date rules. The start of a study right is the start of its
first period and its end is the start of the period that ends it; the resolve step writes both
into the document from the periods, as the format derives them. Dates that a document leaves out
are not checked.
"""

from ....errors import (
    ASSESSMENT_BEFORE_START,
    END_BEFORE_START,
    END_BEFORE_VERIFICATION,
    ESTIMATED_END_BEFORE_START,
    PART_VERIFIED_AFTER_PARENT,
    PERIODS_OUT_OF_ORDER,
    VERIFICATION_BEFORE_ASSESSMENT,
    VERIFICATION_BEFORE_START,
)
from ....transfer_format.model import INVALIDATED
from .kinds import PREPARATORY_VOCATIONAL_TRAINING, is_competence_based_qualification


def reject_end_before_start(resolved, problems, *, study_right, **_options):
    """The end and the estimated end of a study right may not be before its start."""
    start = study_right.start
    if start is None:
        return
    if study_right.end is not None and study_right.end < start:
        path = study_right.end_path if study_right.sent_end else study_right.periods[-1].start_path
        problems.append(END_BEFORE_START(path=path, value=study_right.end, start=start))
    if study_right.estimated_end is not None and study_right.estimated_end < start:
        problems.append(ESTIMATED_END_BEFORE_START(
            path=study_right.estimated_end_path, value=study_right.estimated_end, start=start,
        ))


def reject_periods_out_of_order(resolved, problems, *, study_right, **_options):
    """Each period starts after the one before it; an invalidation may start on the same day."""
    for previous, period in zip(study_right.periods, study_right.periods[1:]):
        if previous.start is None or period.start is None:
            continue
        same_day_invalidation = period.start == previous.start and period.state == INVALIDATED
        if period.start <= previous.start and not same_day_invalidation:
            problems.append(PERIODS_OUT_OF_ORDER(path=period.start_path, value=period.start, previous=previous.start))


def reject_assessment_before_start(resolved, problems, *, study_right, **_options):
    """An assessment may not be dated before the start of its own achievement; undated ones are not checked."""
    for achievement in study_right.all_achievements():
        if achievement.start is None:
            continue
        for assessment in achievement.assessments:
            if assessment.date is not None and assessment.date < achievement.start:
                problems.append(ASSESSMENT_BEFORE_START(
                    path=assessment.date_path, value=assessment.date, start=achievement.start,
                ))


def reject_verification_before_assessment_or_start(resolved, problems, *, study_right, **_options):
    """An achievement may not be verified before its latest assessment or before it starts."""
    for achievement in study_right.all_achievements():
        verified = achievement.verification_date
        if verified is None:
            continue
        dates = achievement.assessment_dates
        if dates and verified < max(dates):
            problems.append(VERIFICATION_BEFORE_ASSESSMENT(
                path=achievement.verification_path, value=verified, assessed=max(dates),
            ))
        if achievement.start is not None and verified < achievement.start:
            problems.append(VERIFICATION_BEFORE_START(
                path=achievement.verification_path, value=verified, start=achievement.start,
            ))


def reject_part_verified_after_parent(resolved, problems, *, study_right, **_options):
    """A part may not be verified after any verified achievement above it."""
    for achievement in study_right.all_achievements():
        verified = achievement.verification_date
        if verified is None:
            continue
        for ancestor in achievement.ancestors:
            if ancestor.verification_date is not None and verified > ancestor.verification_date:
                problems.append(PART_VERIFIED_AFTER_PARENT(
                    path=achievement.verification_path, value=verified,
                    parent=ancestor.path, parent_date=ancestor.verification_date,
                ))
                break


def reject_end_before_verification(resolved, problems, *, study_right, **_options):
    """A study right may not end before an achievement of it is verified.

    A competence-based qualification (suoritustapa naytto) is verified by the qualification
    committee, often after the study right has ended, and preparatory training (valma) is often
    assessed after the learner has moved on; neither is checked, but their parts are.
    """
    end = study_right.end
    if end is None:
        return
    for achievement in study_right.all_achievements():
        verified = achievement.verification_date
        if verified is None or verified <= end:
            continue
        if is_competence_based_qualification(achievement) or achievement.type == PREPARATORY_VOCATIONAL_TRAINING:
            continue
        problems.append(END_BEFORE_VERIFICATION(path=achievement.verification_path, value=verified, end=end))


RULES = [
    reject_end_before_start,
    reject_periods_out_of_order,
    reject_assessment_before_start,
    reject_verification_before_assessment_or_start,
    reject_part_verified_after_parent,
    reject_end_before_verification,
]
