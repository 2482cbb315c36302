"""Read what the citizen pages show of a study right from its document, with English names.

Names stay as the document's {"fi": …, "sv": …, "en": …} dictionaries, which the ingest filled in
from the code sets and organisations, so the page picks the reader's language when it renders.
"""

from dataclasses import dataclass, field

from .achievements import PARTS, TOP_LEVEL, best_assessment, decimal_or_none
from .reader import code_value, parse_date

# State (koskiopiskeluoikeudentila) of a study right that its provider has invalidated.
INVALIDATED_STATE = "mitatoity"


@dataclass
class PeriodView:
    start: object
    state_code: str
    state_name: dict
    funding_name: dict = field(default_factory=dict)


@dataclass
class GradeView:
    """The best assessment of an achievement: grade code value, its names, whether it passes, its date."""

    value: str
    name: dict
    accepted: bool | None
    date: object


@dataclass
class VerificationView:
    """The verification (vahvistus) that makes an achievement complete."""

    date: object
    place_name: dict
    organisation_name: dict


@dataclass
class AchievementView:
    """An achievement (suoritus) or part (osasuoritus) as the citizen page shows it, parts nested."""

    type_code: str
    type_name: dict
    module_code: str
    name: dict
    # The language of a language subject (koulutusmoduuli.kieli): "A1-kieli" is shown as "A1-kieli, englanti".
    subject_language_name: dict = field(default_factory=dict)
    scope: object = None
    scope_unit_name: dict = field(default_factory=dict)
    grade: GradeView | None = None
    recognised: bool = False
    verification: VerificationView | None = None
    competence_areas: list = field(default_factory=list)
    titles: list = field(default_factory=list)
    class_name: str = ""
    instruction_language_name: dict = field(default_factory=dict)
    unit_name: dict = field(default_factory=dict)
    parts: list = field(default_factory=list)
    # The diary number of the qualification description the achievement follows (perusteenDiaarinumero).
    diary_number: str = ""
    # The register's QualificationDescription of `diary_number`, set by the selector that finds it.
    description_id: int | None = None

    @property
    def title_names(self):
        """Names to show as the heading: the module's own, else those of the achievement type."""
        return self.name or self.type_name

    @property
    def parts_have_scope(self):
        return any(part.scope is not None for part in self.parts)

    @property
    def parts_have_assessment_date(self):
        return any(part.grade is not None and part.grade.date is not None for part in self.parts)

    @property
    def is_verified(self):
        return self.verification is not None and self.verification.date is not None


@dataclass
class StudyRightView:
    type_code: str
    type_name: dict
    institution_name: dict
    periods: list = field(default_factory=list)
    institution_oid: str = ""
    provider_oid: str = ""
    provider_name: dict = field(default_factory=dict)
    achievements: list = field(default_factory=list)

    @property
    def current_state(self):
        return self.periods[-1] if self.periods else None

    @property
    def has_funding(self):
        return any(period.funding_name for period in self.periods)

    @property
    def is_invalidated(self):
        return self.current_state is not None and self.current_state.state_code == INVALIDATED_STATE

    @property
    def latest_verification_date(self):
        dates = [achievement.verification.date for achievement in self.achievements if achievement.is_verified]
        return max(dates) if dates else None


def study_right_view(document):
    """Return the StudyRightView of a stored study right document, its achievements in document order."""
    study_right_type = document.get("tyyppi") or {}
    institution = document.get("oppilaitos") or {}
    provider = document.get("koulutustoimija") or {}
    periods = [
        PeriodView(
            start=parse_date(period.get("alku")),
            state_code=code_value(period.get("tila")),
            state_name=_names(period.get("tila")),
            funding_name=_names(period.get("opintojenRahoitus")),
        )
        for period in (document.get("tila") or {}).get("opiskeluoikeusjaksot") or []
        if isinstance(period, dict)
    ]
    return StudyRightView(
        type_code=code_value(study_right_type),
        type_name=_names(study_right_type),
        # A pre-primary study right may name only its unit and provider, so the provider names it then.
        institution_name=_names(institution) or _names(provider),
        periods=periods,
        institution_oid=_string(institution, "oid"),
        provider_oid=_string(provider, "oid"),
        provider_name=_names(provider),
        achievements=achievement_views(document),
    )


def achievement_views(document):
    """Return the top-level achievements of a study right document, each with its parts nested."""
    return [achievement_view(achievement) for achievement in _objects(document.get(TOP_LEVEL))]


def achievement_view(achievement):
    """Return the AchievementView of one suoritus or osasuoritus and of the parts under it."""
    module = achievement.get("koulutusmoduuli") or {}
    code = module.get("tunniste") or {}
    scope = module.get("laajuus") or {}
    return AchievementView(
        type_code=code_value(achievement.get("tyyppi")),
        type_name=_names(achievement.get("tyyppi")),
        module_code=code_value(code),
        name=_names(code),
        subject_language_name=_names(module.get("kieli")),
        scope=decimal_or_none(scope.get("arvo")),
        scope_unit_name=_names(scope.get("yksikkö")),
        grade=grade_view(achievement.get("arviointi") or []),
        recognised=bool(achievement.get("tunnustettu")),
        verification=verification_view(achievement.get("vahvistus")),
        competence_areas=[_names(area) for area in competence_area_codes(achievement) if _names(area)],
        titles=[_names(title) for title in _objects(achievement.get("tutkintonimike")) if _names(title)],
        class_name=achievement.get("luokka") if isinstance(achievement.get("luokka"), str) else "",
        instruction_language_name=_names(achievement.get("suorituskieli")),
        unit_name=_names(achievement.get("toimipiste")),
        parts=[achievement_view(part) for part in _objects(achievement.get(PARTS))],
        diary_number=_string(module, "perusteenDiaarinumero"),
    )


def grade_view(assessments):
    """Return the GradeView of the best assessment, chosen as the achievement rows choose it, or None."""
    grade, grade_scale, accepted, assessment_date = best_assessment(assessments)
    if not grade:
        return None
    for assessment in _objects(assessments):
        grade_code = assessment.get("arvosana")
        if code_value(grade_code) == grade and _string(grade_code, "koodistoUri") == grade_scale:
            return GradeView(value=grade, name=_names(grade_code), accepted=accepted, date=assessment_date)
    return GradeView(value=grade, name={}, accepted=accepted, date=assessment_date)


def verification_view(verification):
    if not isinstance(verification, dict):
        return None
    return VerificationView(
        date=parse_date(verification.get("päivä")),
        place_name=_names(verification.get("paikkakunta")),
        organisation_name=_names(verification.get("myöntäjäOrganisaatio")),
    )


def competence_area_codes(achievement):
    """Yield the code references of the competence areas (osaamisala) of an achievement.

    The format sends each area as a period {osaamisala, alku, loppu}, and older documents send the
    code reference itself.
    """
    for area in _objects(achievement.get("osaamisala")):
        yield area["osaamisala"] if isinstance(area.get("osaamisala"), dict) else area


def _names(node):
    names = node.get("nimi") if isinstance(node, dict) else None
    if not isinstance(names, dict):
        return {}
    return {language: text for language, text in names.items() if isinstance(text, str) and text}


def _objects(value):
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _string(node, key):
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, str) else ""


# Code sets of the study right's columns and achievement rows. The rows store only code values, so
# the admin looks their names up in the code tables.
STUDY_RIGHT_TYPE_CODE_SET = "opiskeluoikeudentyyppi"
STUDY_RIGHT_STATE_CODE_SET = "koskiopiskeluoikeudentila"
ACHIEVEMENT_TYPE_CODE_SET = "suorituksentyyppi"
SCOPE_UNIT_CODE_SET = "opintojenlaajuusyksikko"


@dataclass
class StudyRightFacts:
    """Dates and source of a study right document, which the admin shows beside its StudyRightView."""

    start_date: object = None
    end_date: object = None
    estimated_end_date: object = None
    source_system_code: str = ""
    source_system_name: dict = field(default_factory=dict)
    source_id: str = ""


def study_right_facts(document):
    """Return the StudyRightFacts of a stored study right document."""
    source = document.get("lähdejärjestelmänId")
    source = source if isinstance(source, dict) else {}
    return StudyRightFacts(
        start_date=parse_date(document.get("alkamispäivä")),
        end_date=parse_date(document.get("päättymispäivä")),
        estimated_end_date=parse_date(document.get("arvioituPäättymispäivä")),
        source_system_code=code_value(source.get("lähdejärjestelmä")),
        source_system_name=_names(source.get("lähdejärjestelmä")),
        source_id=_string(source, "id"),
    )
