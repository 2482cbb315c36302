"""Higher-education study rights (korkeakoulutus) in the transfer format, built from VIRTA's records.

The import (`registry/services/imports/virta/`) reads VIRTA's XML into the English dataclasses
below and arranges them as the national service does. `study_right_document` then writes one
study right with the Finnish keys of the national schema's `KorkeakoulunOpiskeluoikeus`.
`code` arguments are functions (code set, value) -> CodeValue that resolve fixed codes such as
the achievement types against the register's code tables.
"""

from dataclasses import dataclass, field

from .source_registers import CodeValue, Institution, code_reference, institution_reference, localized
from .source_registers import organisation_reference

STUDY_RIGHT_TYPE = "korkeakoulutus"
SOURCE_SYSTEM = "virta"
STUDY_RIGHT_TYPE_CODE_SET = "opiskeluoikeudentyyppi"
SOURCE_SYSTEM_CODE_SET = "lahdejarjestelma"
ACHIEVEMENT_TYPE_CODE_SET = "suorituksentyyppi"
DEGREE_TYPE = "korkeakoulututkinto"
COURSE_UNIT_TYPE = "korkeakoulunopintojakso"
OTHER_STUDIES_TYPE = "muukorkeakoulunsuoritus"
# VIRTA's error kinds (VirtaVirhe) that the national schema lists.
ERROR_MISSING_KEY = "OpiskeluoikeusAvaintaEiLöydy"
ERROR_DUPLICATE = "Duplikaatti"


@dataclass
class Scope:
    """A scope (laajuus) in credits (code 2 of opintojenlaajuusyksikko) or study weeks (code 1)."""

    value: float
    unit: CodeValue


@dataclass
class Assessment:
    """A grade of a national scale (code set virtaarvosana) or of an institution's own scale, and its date."""

    date: object
    grade: CodeValue | None = None
    local_value: str = ""
    local_names: dict = field(default_factory=dict)
    local_scale: str = ""


@dataclass
class Verification:
    date: object
    institution: Institution


@dataclass
class CourseUnit:
    """A course unit (opintojakso) and the course units it includes."""

    code: str
    names: dict
    institution: Institution
    scope: Scope | None = None
    assessment: Assessment | None = None
    verification: Verification | None = None
    language: CodeValue | None = None
    classifications: list = field(default_factory=list)
    parts: list = field(default_factory=list)
    recognition_date: object = None


@dataclass
class Degree:
    """A degree (korkeakoulututkinto): its qualification code, VIRTA's name, grade and verification."""

    qualification: CodeValue
    institution: Institution
    virta_names: dict = field(default_factory=dict)
    assessment: Assessment | None = None
    verification: Verification | None = None
    language: CodeValue | None = None
    parts: list = field(default_factory=list)
    recognition_date: object = None


@dataclass
class OtherStudies:
    """Studies that lead to no degree (MuuKorkeakoulunSuoritus), named by the VIRTA study-right type."""

    kind: CodeValue
    names: dict
    institution: Institution
    scope: Scope | None = None
    verification: Verification | None = None
    parts: list = field(default_factory=list)


@dataclass
class Period:
    """A state of the study right from `start` (code set virtaopiskeluoikeudentila)."""

    start: object
    state: CodeValue
    names: dict = field(default_factory=dict)


@dataclass
class TermRegistration:
    """A term registration (lukukausi-ilmoittautuminen): present, absent or missing for a term."""

    start: object
    end: object
    state: CodeValue
    student_union_member: bool | None = None
    health_fee_paid: bool | None = None
    fee_paid: bool | None = None
    fee_amount: int | None = None
    fee_grant: int | None = None

    @property
    def has_fee(self):
        return self.fee_paid is not None or self.fee_amount is not None or self.fee_grant is not None


@dataclass
class DatedValue:
    """A value in force from `start` to `end`: a tuition fee (int or None) or a municipality (CodeValue)."""

    start: object
    end: object = None
    value: object = None


@dataclass
class AdditionalInformation:
    virta_type: CodeValue
    primacy: list = field(default_factory=list)
    term_registrations: list = field(default_factory=list)
    organiser: Institution | None = None
    tuition_fees: list = field(default_factory=list)
    municipality_periods: list = field(default_factory=list)
    pedagogical_studies: list = field(default_factory=list)
    subject_studies: list = field(default_factory=list)


@dataclass
class HigherEducationStudyRight:
    """A study right of one VIRTA study right (`source_id`), or loose course units of one institution (`synthetic`)."""

    source_id: str | None
    institution: Institution | None
    achievements: list
    periods: list = field(default_factory=list)
    end_date: object = None
    provider: object = None
    additional: AdditionalInformation | None = None
    classifications: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    synthetic: bool = False


def study_right_document(study_right, code):
    """Return the transfer-format document of a HigherEducationStudyRight."""
    source = {"lähdejärjestelmä": code_reference(code(SOURCE_SYSTEM_CODE_SET, SOURCE_SYSTEM))}
    if study_right.source_id is not None:
        source = {"id": study_right.source_id, **source}
    document = {"lähdejärjestelmänId": source}
    if study_right.institution is not None:
        document["oppilaitos"] = institution_reference(study_right.institution)
    if study_right.provider is not None:
        document["koulutustoimija"] = organisation_reference(study_right.provider)
    if study_right.periods:
        document["alkamispäivä"] = study_right.periods[0].start.isoformat()
    if study_right.end_date is not None:
        document["päättymispäivä"] = study_right.end_date.isoformat()
    document["tila"] = {"opiskeluoikeusjaksot": [_period(period) for period in study_right.periods]}
    if study_right.additional is not None:
        document["lisätiedot"] = _additional_information(study_right.additional)
    document["suoritukset"] = [achievement_document(achievement, code) for achievement in study_right.achievements]
    document["tyyppi"] = code_reference(code(STUDY_RIGHT_TYPE_CODE_SET, STUDY_RIGHT_TYPE))
    document["virtaVirheet"] = [{"tyyppi": kind, "arvo": value} for kind, value in study_right.errors]
    document["synteettinen"] = study_right.synthetic
    if study_right.classifications:
        document["luokittelu"] = [code_reference(item) for item in study_right.classifications]
    return document


def study_right_key(document):
    """Return what identifies an imported study right across imports.

    A study right of VIRTA is identified by its key (lähdejärjestelmänId.id). The loose course
    units of one institution have no key, so their institution identifies them.
    """
    source_id = (document.get("lähdejärjestelmänId") or {}).get("id")
    if source_id:
        return f"id:{source_id}"
    institution = document.get("oppilaitos") or {}
    number = (institution.get("oppilaitosnumero") or {}).get("koodiarvo")
    name = (institution.get("nimi") or {}).get("fi", "")
    return "synthetic:" + (institution.get("oid") or (f"oppilaitosnumero:{number}" if number else f"foreign:{name}"))


def achievement_document(achievement, code):
    if isinstance(achievement, Degree):
        return _degree(achievement, code)
    if isinstance(achievement, OtherStudies):
        return _other_studies(achievement, code)
    return _course_unit(achievement, code)


def _degree(degree, code):
    module = {"tunniste": code_reference(degree.qualification)}
    if degree.virta_names:
        module["virtaNimi"] = localized(degree.virta_names)
    result = {"koulutusmoduuli": module, "toimipiste": institution_reference(degree.institution)}
    _add_assessment(result, degree.assessment)
    _add_verification(result, degree.verification)
    if degree.language is not None:
        result["suorituskieli"] = code_reference(degree.language)
    if degree.parts:
        result["osasuoritukset"] = [_course_unit(part, code) for part in degree.parts]
    if degree.recognition_date is not None:
        result["hyväksilukupäivä"] = degree.recognition_date.isoformat()
    result["tyyppi"] = code_reference(code(ACHIEVEMENT_TYPE_CODE_SET, DEGREE_TYPE))
    return result


def _course_unit(unit, code):
    names = localized(unit.names)
    module = {"tunniste": {"koodiarvo": unit.code, "nimi": names}, "nimi": names}
    if unit.scope is not None:
        module["laajuus"] = _scope(unit.scope)
    result = {"koulutusmoduuli": module, "toimipiste": institution_reference(unit.institution)}
    _add_assessment(result, unit.assessment)
    _add_verification(result, unit.verification)
    if unit.language is not None:
        result["suorituskieli"] = code_reference(unit.language)
    if unit.classifications:
        result["luokittelu"] = [code_reference(item) for item in unit.classifications]
    if unit.parts:
        result["osasuoritukset"] = [_course_unit(part, code) for part in unit.parts]
    if unit.recognition_date is not None:
        result["hyväksilukupäivä"] = unit.recognition_date.isoformat()
    result["tyyppi"] = code_reference(code(ACHIEVEMENT_TYPE_CODE_SET, COURSE_UNIT_TYPE))
    return result


def _other_studies(studies, code):
    module = {"tunniste": code_reference(studies.kind), "nimi": localized(studies.names)}
    if studies.scope is not None:
        module["laajuus"] = _scope(studies.scope)
    result = {"koulutusmoduuli": module, "toimipiste": institution_reference(studies.institution)}
    _add_verification(result, studies.verification)
    if studies.parts:
        result["osasuoritukset"] = [_course_unit(part, code) for part in studies.parts]
    result["tyyppi"] = code_reference(code(ACHIEVEMENT_TYPE_CODE_SET, OTHER_STUDIES_TYPE))
    return result


def _scope(scope):
    return {"arvo": scope.value, "yksikkö": code_reference(scope.unit)}


def _add_assessment(result, assessment):
    if assessment is None:
        return
    if assessment.grade is not None:
        grade = code_reference(assessment.grade)
    else:
        grade = {"koodiarvo": assessment.local_value, "nimi": localized(assessment.local_names), "koodistoUri": assessment.local_scale}
    # Every higher-education grade passes in the national schema (KorkeakoulunArviointi.hyväksytty).
    result["arviointi"] = [{"arvosana": grade, "päivä": assessment.date.isoformat(), "hyväksytty": True}]


def _add_verification(result, verification):
    if verification is None:
        return
    result["vahvistus"] = {
        "päivä": verification.date.isoformat(),
        "myöntäjäOrganisaatio": institution_reference(verification.institution),
    }


def _period(period):
    result = {"alku": period.start.isoformat()}
    if period.names:
        result["nimi"] = localized(period.names)
    result["tila"] = code_reference(period.state)
    return result


def _additional_information(additional):
    result = {}
    if additional.primacy:
        result["ensisijaisuus"] = [_dated(item) for item in additional.primacy]
    result["virtaOpiskeluoikeudenTyyppi"] = code_reference(additional.virta_type)
    if additional.term_registrations:
        result["lukukausiIlmoittautuminen"] = {
            "ilmoittautumisjaksot": [_term_registration(item) for item in additional.term_registrations],
        }
    if additional.organiser is not None:
        result["järjestäväOrganisaatio"] = institution_reference(additional.organiser)
    result["maksettavatLukuvuosimaksut"] = [
        {**_dated(fee), **({"summa": fee.value} if fee.value is not None else {})} for fee in additional.tuition_fees
    ]
    result["koulutuskuntaJaksot"] = [
        {**_dated(period), "koulutuskunta": code_reference(period.value)} for period in additional.municipality_periods
    ]
    if additional.pedagogical_studies:
        result["opettajanPedagogisetOpinnot"] = [code_reference(item) for item in additional.pedagogical_studies]
    if additional.subject_studies:
        result["opetettavanAineenOpinnot"] = [code_reference(item) for item in additional.subject_studies]
    return result


def _term_registration(registration):
    result = _dated(registration)
    result["tila"] = code_reference(registration.state)
    if registration.student_union_member is not None:
        result["ylioppilaskunnanJäsen"] = registration.student_union_member
    if registration.health_fee_paid is not None:
        result["ythsMaksettu"] = registration.health_fee_paid
    if registration.has_fee:
        fee = {}
        if registration.fee_paid is not None:
            fee["maksettu"] = registration.fee_paid
        if registration.fee_amount is not None:
            fee["summa"] = registration.fee_amount
        if registration.fee_grant is not None:
            fee["apuraha"] = registration.fee_grant
        result["maksetutLukuvuosimaksut"] = fee
    return result


def _dated(item):
    """Return {alku, loppu} of an item with `start` and `end` dates; loppu only when there is an end."""
    result = {"alku": item.start.isoformat()}
    if item.end is not None:
        result["loppu"] = item.end.isoformat()
    return result
