"""Derive the achievement rows of a study right from its document (suoritukset and osasuoritukset)."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from . import grades
from .paths import json_pointer
from .reader import code_value, parse_date

TOP_LEVEL = "suoritukset"
PARTS = "osasuoritukset"


@dataclass
class AchievementData:
    position: str
    parent_position: str | None
    sequence: int
    depth: int
    type: str
    module_code: str = ""
    module_code_set: str = ""
    name: dict = field(default_factory=dict)
    scope: Decimal | None = None
    scope_unit: str = ""
    grade: str = ""
    grade_scale: str = ""
    accepted: bool | None = None
    assessment_date: object = None
    verification_date: object = None
    verification_organisation_oid: str = ""
    diary_number: str = ""


def derive_achievements(document):
    """Return the achievements of a study right document, parents before their parts."""
    rows = []
    for index, achievement in enumerate(document.get(TOP_LEVEL) or []):
        _collect(achievement, (TOP_LEVEL, index), None, 0, rows)
    return rows


def _collect(achievement, pointer_parts, parent_position, depth, rows):
    if not isinstance(achievement, dict):
        return
    position = json_pointer(*pointer_parts)
    rows.append(describe(achievement, position, parent_position, len(rows), depth))
    for index, part in enumerate(achievement.get(PARTS) or []):
        _collect(part, (*pointer_parts, PARTS, index), position, depth + 1, rows)


def describe(achievement, position, parent_position, sequence, depth):
    module = achievement.get("koulutusmoduuli") or {}
    code = module.get("tunniste") or {}
    scope = module.get("laajuus") or {}
    verification = achievement.get("vahvistus") or {}
    grade, grade_scale, accepted, assessment_date = best_assessment(achievement.get("arviointi") or [])
    return AchievementData(
        position=position,
        parent_position=parent_position,
        sequence=sequence,
        depth=depth,
        type=code_value(achievement.get("tyyppi")),
        module_code=_string(code, "koodiarvo"),
        module_code_set=_string(code, "koodistoUri"),
        name=module_name(module),
        scope=decimal_or_none(scope.get("arvo")),
        scope_unit=code_value(scope.get("yksikkö")),
        grade=grade,
        grade_scale=grade_scale,
        accepted=accepted,
        assessment_date=assessment_date,
        verification_date=parse_date(verification.get("päivä")),
        verification_organisation_oid=(verification.get("myöntäjäOrganisaatio") or {}).get("oid") or "",
        diary_number=module.get("perusteenDiaarinumero") or "",
    )


def module_name(module):
    """Return the module's names by language; a language subject adds its language: "A1-kieli, englanti"."""
    names = dict((module.get("tunniste") or {}).get("nimi") or {})
    language = (module.get("kieli") or {}).get("nimi") or {}
    if language:
        for code in set(names) | set(language):
            subject = names.get(code) or names.get("fi") or ""
            language_name = language.get(code) or language.get("fi") or ""
            names[code] = f"{subject}, {language_name}" if subject and language_name else subject or language_name
    return {code: text for code, text in names.items() if isinstance(text, str) and text}


def best_assessment(assessments):
    """Return (grade, scale, accepted, date) of the best assessment: a pass before a fail, then the better grade."""
    best = None
    for assessment in assessments:
        if not isinstance(assessment, dict):
            continue
        grade_code = assessment.get("arvosana")
        grade = code_value(grade_code)
        scale = _string(grade_code, "koodistoUri")
        accepted = grades.is_pass(scale, grade, assessment.get("hyväksytty"))
        key = (grades.rank(scale, grade, accepted), assessment.get("päivä") or "")
        if best is None or key >= best[0]:
            best = (key, grade, scale, accepted, parse_date(assessment.get("päivä")))
    if best is None:
        return "", "", None, None
    return best[1:]


def _string(node, key):
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, str) else ""


def decimal_or_none(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
