"""State rules: the sequence of period states, what completion requires, and funding per period.

They follow the national service's rules. An achievement is completed when it is verified, or,
for a part, when it is assessed. A completed achievement may not contain a part that still needs
its own assessment.
"""

from ....errors import (
    ACHIEVEMENT_MISSING,
    ASSESSED_PART_MISSING,
    FUNDING_MISSING,
    INCOMPLETE_PART,
    SEVERAL_TERMINAL_STATES,
    STATE_AFTER_TERMINAL,
    VERIFICATION_MISSING,
    VERIFIED_WITHOUT_ASSESSMENT,
)
from ....transfer_format.model import GRADUATED, INVALIDATED
from .kinds import (
    ADULT_BASIC_EDUCATION,
    ADULT_BASIC_EDUCATION_INITIAL_STAGE,
    GENERAL_UPPER_SECONDARY,
    MATRICULATION_EXAMINATION,
    PARTIAL_QUALIFICATION,
    PARTS_NOT_CHECKED_WHEN_COMPLETED,
    PREPARATORY_UPPER_SECONDARY,
    SUBJECT_STUDIES_2019,
    SUBJECT_SYLLABI,
    UNITS_FROM_SEVERAL_QUALIFICATIONS,
    UNKNOWN_SUBJECT,
    VOCATIONAL,
    needs_own_assessment,
)

# Period states that need funding (opintojenRahoitus), by study-right type: the state aid for
# these types is paid per period of attendance and graduation.
FUNDED_STATES = {
    VOCATIONAL: ("lasna", "valmistunut", "loma"),
    GENERAL_UPPER_SECONDARY: ("lasna", "valmistunut"),
    PREPARATORY_UPPER_SECONDARY: ("lasna", "valmistunut"),
    ADULT_BASIC_EDUCATION: ("lasna", "valmistunut"),
}

# Common units (yhteiset tutkinnon osat) of vocational upper secondary qualifications, code set tutkinnonosat.
COMMON_UNITS = frozenset({
    "101053", "101054", "101055", "101056",  # curriculum-based qualifications (ops)
    "400012", "400013", "400014",  # reformed qualifications, descriptions before 1 August 2022
    "106727", "106728", "106729",  # reformed qualifications, descriptions from 1 August 2022
})


def reject_states_after_terminal(resolved, problems, *, study_right, **_options):
    """Reject a period after the state that ended the study right, and a second ending state, unless an invalidation follows."""
    periods = study_right.periods
    terminal = [period for period in periods if period.is_terminal]
    if not terminal:
        return
    if len(terminal) == 1:
        ending = terminal[0]
        if ending is not periods[-1]:
            following = periods[ending.index + 1]
            problems.append(STATE_AFTER_TERMINAL(path=following.path, value=following.state, terminal=ending.state))
        return
    if len(terminal) == 2 and periods[-1].state == INVALIDATED:
        return
    problems.append(SEVERAL_TERMINAL_STATES(
        path=study_right.periods_path, value=", ".join(period.state for period in terminal),
    ))


def reject_graduation_without_verification(resolved, problems, *, study_right, **_options):
    """Reject a study right in state valmistunut whose top-level achievements are not verified.

    A verified subject syllabus is enough on its own. Adult basic education needs more than its
    initial stage, and general upper secondary subject studies (lukionaineopinnot), which are
    never verified, need an assessed subject. Matriculation records are not checked.
    """
    if study_right.type == MATRICULATION_EXAMINATION or study_right.last_state != GRADUATED:
        return
    top_levels = study_right.achievements
    if any(_is_completed_subject_syllabus(top) for top in top_levels):
        return

    if study_right.type == ADULT_BASIC_EDUCATION:
        top_levels = [top for top in top_levels if top.type != ADULT_BASIC_EDUCATION_INITIAL_STAGE]
        if not top_levels:
            problems.append(ACHIEVEMENT_MISSING(path=study_right.achievements_path, value=ADULT_BASIC_EDUCATION_INITIAL_STAGE))
            return
    subject_studies = [top for top in top_levels if top.type == SUBJECT_STUDIES_2019]
    if study_right.type == GENERAL_UPPER_SECONDARY and subject_studies:
        if not any(part.is_assessed for top in subject_studies for part in top.parts):
            problems.append(ASSESSED_PART_MISSING(path=subject_studies[0].path, value=SUBJECT_STUDIES_2019))
        return

    for top in top_levels:
        if top.type != SUBJECT_STUDIES_2019 and not top.is_verified:
            problems.append(VERIFICATION_MISSING(path=top.path, value=_describe(top)))


def reject_verified_without_assessment(resolved, problems, *, study_right, **_options):
    """Reject a verified achievement without assessment when achievements of its kind are assessed on their own."""
    for achievement in study_right.all_achievements():
        if not achievement.is_verified or achievement.is_assessed:
            continue
        if _needs_assessment(achievement):
            problems.append(VERIFIED_WITHOUT_ASSESSMENT(path=achievement.verification_path, value=_describe(achievement)))


def reject_incomplete_parts(resolved, problems, *, study_right, **_options):
    """Reject each part that needs its own assessment and has none, below a completed achievement.

    Parts that are never assessed themselves (see kinds.PARTS_WITHOUT_ASSESSMENT and the units
    that group smaller studies) need none. In a partial vocational qualification a unit needs no
    assessment of its own, except a common unit without parts.
    """
    reported = set()
    for completed in study_right.all_achievements():
        if not _is_completed(completed):
            continue
        for part in completed.descendants():
            if part in reported or part.is_assessed or not needs_own_assessment(part):
                continue
            if _exempt_in_partial_qualification(part):
                continue
            reported.add(part)
            problems.append(INCOMPLETE_PART(path=part.path, value=_describe(part), completed=completed.path))


def reject_missing_funding(resolved, problems, *, study_right, **_options):
    """Reject a period without funding when its state needs funding in the study right's type."""
    states = FUNDED_STATES.get(study_right.type)
    if states is None:
        return
    for period in study_right.periods:
        if period.state in states and not period.funding:
            problems.append(FUNDING_MISSING(
                path=period.funding_path, value=period.state, states=", ".join(states), kind=study_right.type,
            ))


def _is_completed(achievement):
    """Return whether the national format treats the achievement as completed for checking its parts.

    A top-level achievement is completed when verified, but the parts of a few kinds are never
    checked (see kinds.PARTS_NOT_CHECKED_WHEN_COMPLETED). A part is completed when assessed.
    """
    if achievement.is_top_level:
        return achievement.is_verified and achievement.type not in PARTS_NOT_CHECKED_WHEN_COMPLETED
    return achievement.is_assessed


def _is_completed_subject_syllabus(top):
    return (
        top.type in SUBJECT_SYLLABI and top.module_code != UNKNOWN_SUBJECT and top.is_verified and top.is_assessed
    )


def _needs_assessment(achievement):
    if achievement.is_top_level:
        return achievement.type in SUBJECT_SYLLABI
    return needs_own_assessment(achievement)


def _exempt_in_partial_qualification(part):
    """Return whether a unit of a partial vocational qualification needs no assessment of its own.

    Such units need none; a common unit needs parts instead, and its parts are then checked.
    """
    parent = part.parent
    if parent is None or not parent.is_top_level or parent.type != PARTIAL_QUALIFICATION:
        return False
    if parent.module_code == UNITS_FROM_SEVERAL_QUALIFICATIONS:
        return False
    return part.module_code not in COMMON_UNITS or bool(part.parts)


def _describe(achievement):
    return f"{achievement.type} {achievement.module_code}".strip()


RULES = [
    reject_states_after_terminal,
    reject_graduation_without_verification,
    reject_verified_without_assessment,
    reject_incomplete_parts,
    reject_missing_funding,
]
