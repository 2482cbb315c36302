"""Qualification structure rules: the description a document names, and what the description allows.

A description must exist for each diary number and be in force on the study right's end date,
or, while the study right is open, today (or its start, when it starts in the future). Vocational
qualifications are checked against the descriptions in force then: their units, competence
areas and titles. Scope units and numeric grade scales are checked for every study right.
"""

from ....errors import (
    DESCRIPTION_NOT_VALID,
    DUPLICATE_PART,
    SCOPE_UNIT_MISMATCH,
    SEVERAL_GRADE_SCALES,
    UNKNOWN_COMPETENCE_AREA,
    UNKNOWN_DIARY_NUMBER,
    UNKNOWN_TITLE,
    UNKNOWN_UNIT,
)
from .kinds import (
    COMPETENCE_BASED,
    CURRICULUM_BASED,
    FREE_CHOICE_UNIT_GROUPS,
    NATIONAL_UNIT_CODE_SET,
    QUALIFICATIONS,
    REFORM,
    UNITS_FROM_SEVERAL_QUALIFICATIONS,
    VOCATIONAL,
    VOCATIONAL_UNIT,
    WITHOUT_PUBLISHED_DESCRIPTION,
)

# Education types (koulutustyyppi) of vocational further and specialist qualifications; the
# other vocational qualification descriptions are upper secondary (perustutkinto) ones.
FURTHER_QUALIFICATION_TYPES = frozenset({"koulutustyyppi_11", "koulutustyyppi_12"})


def validity_day(study_right, today):
    """Return the day on which the study right's descriptions must be in force.

    That is its end date. While it is open, it is today, or its start when it starts later than today.
    """
    if study_right.end is not None:
        return study_right.end
    if study_right.start is not None and study_right.start > today:
        return study_right.start
    return today


def diary_number_references(study_right):
    """Yield (diary number, path, whether validity is checked) for each diary number the rules check.

    Those are the top-level achievements' own descriptions, except Åland basic education's, and
    the qualifications that top-level achievements and vocational units name in `tutkinto`. A
    recognised unit (tunnustettu) may come from a description that is no longer in force.
    """
    for top in study_right.achievements:
        if top.diary_number and top.type not in WITHOUT_PUBLISHED_DESCRIPTION:
            yield top.diary_number, top.diary_number_path, True
        if top.other_qualification_diary_number:
            yield top.other_qualification_diary_number, top.other_qualification_diary_number_path, True
        for part in top.parts:
            if part.type == VOCATIONAL_UNIT and part.other_qualification_diary_number:
                yield part.other_qualification_diary_number, part.other_qualification_diary_number_path, not part.recognised


def reject_unknown_or_invalid_descriptions(resolved, problems, *, study_right, descriptions, today, **_options):
    """Reject a diary number that names no description, or none in force on the study right's validity day."""
    day = validity_day(study_right, today)
    for diary_number, path, check_validity in diary_number_references(study_right):
        if descriptions.is_accepted_without_description(diary_number):
            continue
        if not descriptions.all_of(diary_number):
            problems.append(UNKNOWN_DIARY_NUMBER(path=path, value=diary_number))
        elif check_validity and not descriptions.valid_on(diary_number, day):
            problems.append(DESCRIPTION_NOT_VALID(path=path, value=diary_number, date=day))


def reject_units_outside_description(resolved, problems, *, study_right, descriptions, today, **_options):
    """Reject a national unit of a vocational qualification that is not in the qualification's description.

    Units that name another qualification (`tutkinto`), local units, units that group smaller
    studies and units of the free-choice groups are not checked. In a partial qualification of
    units from several qualifications, each unit is checked against its own qualification.
    """
    day = validity_day(study_right, today)
    for top in study_right.achievements:
        if top.type not in QUALIFICATIONS:
            continue
        several = top.module_code == UNITS_FROM_SEVERAL_QUALIFICATIONS
        for part in top.parts:
            if not _is_checked_unit(part, several):
                continue
            diary_number = part.other_qualification_diary_number if several else top.diary_number
            if not diary_number or descriptions.is_accepted_without_description(diary_number):
                continue
            if several and part.recognised:
                candidates = descriptions.all_of(diary_number)
            else:
                candidates = descriptions.valid_on(diary_number, day)
            allowed = allowed_unit_codes(candidates, top.completion_method)
            if allowed is not None and part.module_code not in allowed:
                problems.append(UNKNOWN_UNIT(
                    path=part.module_path, value=part.module_code, diary_number=diary_number, method=top.completion_method,
                ))


def reject_unknown_competence_areas_and_titles(resolved, problems, *, study_right, descriptions, today, **_options):
    """Reject competence areas and titles of a vocational qualification that are not in its description."""
    day = validity_day(study_right, today)
    for top in study_right.achievements:
        if top.type not in QUALIFICATIONS or not (top.competence_areas or top.titles):
            continue
        diary_numbers = _qualification_diary_numbers(top)
        if any(descriptions.is_accepted_without_description(number) for number in diary_numbers):
            continue
        candidates = [description for number in diary_numbers for description in descriptions.valid_on(number, day)]
        if not candidates:
            continue
        named_diary_numbers = ", ".join(diary_numbers)
        areas = {area["code"] for description in candidates for area in description.competence_areas}
        for area in top.competence_areas:
            if area.value not in areas:
                problems.append(UNKNOWN_COMPETENCE_AREA(path=area.path, value=area.value, diary_number=named_diary_numbers))
        titles = {title["code"] for description in candidates for title in description.titles}
        for title in top.titles:
            if title.value not in titles:
                problems.append(UNKNOWN_TITLE(path=title.path, value=title.value, diary_number=named_diary_numbers))


def reject_repeated_units(resolved, problems, *, study_right, **_options):
    """Reject a national unit that a vocational qualification contains twice in the same unit group.

    NOTE: the national service rejects only repeated assessed common units of a verified upper
    secondary qualification. This rule rejects every national unit repeated in one group, unless
    the unit names another qualification in `tutkinto`.
    """
    if study_right.type != VOCATIONAL:
        return
    for top in study_right.achievements:
        if top.type not in QUALIFICATIONS:
            continue
        first_seen = {}
        for part in top.parts:
            if part.type != VOCATIONAL_UNIT or part.module_code_set != NATIONAL_UNIT_CODE_SET:
                continue
            if part.other_qualification_diary_number or part.other_qualification_code:
                continue
            key = (part.module_code, part.group)
            if key in first_seen:
                problems.append(DUPLICATE_PART(
                    path=part.module_path, value=part.module_code, group=part.group or "-", other=first_seen[key].path,
                ))
            else:
                first_seen[key] = part


def reject_scope_unit_mismatch(resolved, problems, *, study_right, **_options):
    """Reject a part whose scope is in another unit than the scope of the achievement it belongs to; sums are not checked."""
    for achievement in study_right.all_achievements():
        unit = achievement.scope_unit
        if unit is None:
            continue
        for part in achievement.parts:
            part_unit = part.scope_unit
            if part_unit is not None and (part_unit.value, part_unit.code_set) != (unit.value, unit.code_set):
                problems.append(SCOPE_UNIT_MISMATCH(path=part_unit.path, value=part_unit.value, parent_unit=unit.value))


def reject_mixed_numeric_grade_scales(resolved, problems, *, study_right, **_options):
    """Reject a vocational top-level achievement whose parts use more than one numeric grade scale.

    The assessments of every part below a top-level achievement count, and so do the grades of
    the units' competence demonstrations (näyttö).
    """
    if study_right.type != VOCATIONAL:
        return
    for top in study_right.achievements:
        scales = set()
        for part in top.descendants():
            scales.update(assessment.scale for assessment in part.assessments if assessment.is_numeric)
            scales.update(grade.code_set for grade in part.demonstration_grades if grade.value.isdigit())
        if len(scales) > 1:
            problems.append(SEVERAL_GRADE_SCALES(path=top.path, value=", ".join(sorted(scales))))


def allowed_unit_codes(candidates, method):
    """Return the unit codes that the descriptions allow for a completion method, or None when unknown.

    A reformed qualification (reformi) whose description has no reformed structure falls back to
    its competence-based (naytto) structure for further qualifications and to the curriculum-based
    one (ops) for upper secondary ones, as nationally. NOTE: a description without a structure for
    the method, or with no units in it, is not checked here, where the national service rejects
    the method.
    """
    allowed = None
    for description in candidates:
        codes = _method_unit_codes(description, method)
        if codes is None and method == REFORM:
            fallback = COMPETENCE_BASED if description.education_type in FURTHER_QUALIFICATION_TYPES else CURRICULUM_BASED
            codes = _method_unit_codes(description, fallback)
        if codes is not None:
            allowed = (allowed or set()) | codes
    return allowed


def _method_unit_codes(description, method):
    for completion_method in description.completion_methods or []:
        if completion_method.get("code") != method:
            continue
        codes = {code for group in completion_method.get("groups") or [] for code in group.get("unit_codes") or []}
        return codes or None
    return None


def _is_checked_unit(part, several):
    if part.type != VOCATIONAL_UNIT or part.module_code_set != NATIONAL_UNIT_CODE_SET:
        return False
    if part.group in FREE_CHOICE_UNIT_GROUPS:
        return False
    if several:
        return bool(part.other_qualification_diary_number)
    return not (part.other_qualification_diary_number or part.other_qualification_code)


def _qualification_diary_numbers(top):
    """Return the diary numbers of a qualification: its own, or those of its units' qualifications."""
    if top.module_code != UNITS_FROM_SEVERAL_QUALIFICATIONS:
        return [top.diary_number] if top.diary_number else []
    return list(dict.fromkeys(part.other_qualification_diary_number for part in top.parts if part.other_qualification_diary_number))


RULES = [
    reject_unknown_or_invalid_descriptions,
    reject_units_outside_description,
    reject_unknown_competence_areas_and_titles,
    reject_repeated_units,
    reject_scope_unit_mismatch,
    reject_mixed_numeric_grade_scales,
]
