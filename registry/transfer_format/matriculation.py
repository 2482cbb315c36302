"""Matriculation examination study rights (ylioppilastutkinto) in the transfer format, built from YTR's records.

The import (`registry/services/imports/ytr/`) reads the examination board's JSON into the
English dataclasses below. `study_right_document` then writes one study right with the Finnish
keys of the national schema's `YlioppilastutkinnonOpiskeluoikeus`. A learner has one
matriculation examination study right, whose exams are its parts.
"""

import re
from dataclasses import dataclass, field

from .source_registers import CodeValue, Institution, code_reference, institution_reference

STUDY_RIGHT_TYPE = "ylioppilastutkinto"
SOURCE_SYSTEM = "ytr"
QUALIFICATION_CODE = "301000"
GRADUATED_STATE = "valmistunut"
# Code set values of the national format for the pieces every matriculation record has.
STUDY_RIGHT_TYPE_CODE_SET = "opiskeluoikeudentyyppi"
SOURCE_SYSTEM_CODE_SET = "lahdejarjestelma"
ACHIEVEMENT_TYPE_CODE_SET = "suorituksentyyppi"
EXAM_TYPE = "ylioppilastutkinnonkoe"
QUALIFICATION_CODE_SET = "koulutus"
STATE_CODE_SET = "koskiopiskeluoikeudentila"
# Grades of code set koskiyoarvosanat that fail an exam (YlioppilaskokeenArviointi.hyväksytty).
FAILING_GRADES = frozenset({"I", "I-", "I+", "I="})
# An examination period: the year and K for spring (kevät) or S for autumn (syksy), such as 2012K.
EXAMINATION_PERIOD = re.compile(r"^(?P<year>\d{4})(?P<season>[KS])$")
SEASON_NAMES = {
    "K": {"fi": "kevät", "sv": "vår", "en": "spring"},
    "S": {"fi": "syksy", "sv": "höst", "en": "autumn"},
}


@dataclass
class Exam:
    """One exam (koe) taken in one examination period, with its grade and points when assessed."""

    exam: CodeValue
    period: str
    grade: CodeValue | None = None
    points: int | None = None
    examination_index: int | None = None
    aborted: bool | None = None
    free_of_charge: bool | None = None
    on_certificate: bool | None = None


@dataclass
class ExaminationPeriod:
    """One examination period of an examination (tutkintokerta): the candidate's background and school."""

    period: str
    education: CodeValue | None = None
    school: Institution | None = None


@dataclass
class Examination:
    """One examination (tutkintokokonaisuus): taking the examination, improving it, or a separate exam."""

    index: int
    kind: CodeValue | None = None
    state: CodeValue | None = None
    language: CodeValue | None = None
    periods: list = field(default_factory=list)
    earlier_exams: list = field(default_factory=list)  # (exam CodeValue, period) pairs


@dataclass
class MatriculationStudyRight:
    board: Institution
    unit: Institution
    institution: Institution | None = None
    graduation_date: object = None
    graduated_period: bool = False
    certificate_school: Institution | None = None
    mandatory_exams_completed: bool = False
    exams: list = field(default_factory=list)
    examinations: list | None = None
    place_of_verification: CodeValue | None = None


def parse_examination_period(text):
    """Return (year, season letter) of an examination period such as 2012K, or None when it is malformed."""
    match = EXAMINATION_PERIOD.match(text) if isinstance(text, str) else None
    return (int(match["year"]), match["season"]) if match else None


def examination_period(text):
    year, season = parse_examination_period(text)
    return {"koodiarvo": text, "vuosi": year, "vuodenaika": dict(SEASON_NAMES[season])}


def study_right_document(study_right, code):
    """Return the transfer-format document of a MatriculationStudyRight; `code` resolves the fixed codes."""
    document = {"lähdejärjestelmänId": {"lähdejärjestelmä": code_reference(code(SOURCE_SYSTEM_CODE_SET, SOURCE_SYSTEM))}}
    if study_right.institution is not None:
        document["oppilaitos"] = institution_reference(study_right.institution)
    document["koulutustoimija"] = institution_reference(study_right.board)
    periods = []
    if study_right.graduated_period and study_right.graduation_date is not None:
        periods.append({
            "alku": study_right.graduation_date.isoformat(),
            "tila": code_reference(code(STATE_CODE_SET, GRADUATED_STATE)),
        })
    document["tila"] = {"opiskeluoikeusjaksot": periods}
    if study_right.certificate_school is not None:
        document["oppilaitosSuorituspäivänä"] = institution_reference(study_right.certificate_school)
    if study_right.examinations is not None:
        document["lisätiedot"] = {"tutkintokokonaisuudet": [_examination(item) for item in study_right.examinations]}
    document["suoritukset"] = [_qualification(study_right, code)]
    document["tyyppi"] = code_reference(code(STUDY_RIGHT_TYPE_CODE_SET, STUDY_RIGHT_TYPE))
    return document


def _qualification(study_right, code):
    result = {
        "koulutusmoduuli": {"tunniste": code_reference(code(QUALIFICATION_CODE_SET, QUALIFICATION_CODE))},
        "toimipiste": institution_reference(study_right.unit),
    }
    if study_right.graduation_date is not None:
        board = study_right.board
        verification = {"päivä": study_right.graduation_date.isoformat()}
        if study_right.place_of_verification is not None:
            verification["paikkakunta"] = code_reference(study_right.place_of_verification)
        verification["myöntäjäOrganisaatio"] = {"oid": board.oid, **({"nimi": dict(board.names)} if board.names else {})}
        result["vahvistus"] = verification
    result["pakollisetKokeetSuoritettu"] = study_right.mandatory_exams_completed
    result["osasuoritukset"] = [_exam(exam, code) for exam in study_right.exams]
    result["tyyppi"] = code_reference(code(ACHIEVEMENT_TYPE_CODE_SET, STUDY_RIGHT_TYPE))
    return result


def _exam(exam, code):
    result = {
        "koulutusmoduuli": {"tunniste": code_reference(exam.exam)},
        "tutkintokerta": examination_period(exam.period),
    }
    if exam.examination_index is not None:
        result["tutkintokokonaisuudenTunniste"] = exam.examination_index
    if exam.grade is not None:
        assessment = {"arvosana": code_reference(exam.grade)}
        if exam.points is not None:
            assessment["pisteet"] = exam.points
        assessment["hyväksytty"] = exam.grade.value not in FAILING_GRADES
        result["arviointi"] = [assessment]
    for key, value in (
        ("keskeytynyt", exam.aborted),
        ("maksuton", exam.free_of_charge),
        ("suoritusMukanaTodistuksella", exam.on_certificate),
    ):
        if value is not None:
            result[key] = value
    result["tyyppi"] = code_reference(code(ACHIEVEMENT_TYPE_CODE_SET, EXAM_TYPE))
    return result


def _examination(examination):
    result = {"tunniste": examination.index}
    if examination.kind is not None:
        result["tyyppi"] = code_reference(examination.kind)
    if examination.state is not None:
        result["tila"] = code_reference(examination.state)
    if examination.language is not None:
        result["suorituskieli"] = code_reference(examination.language)
    result["tutkintokerrat"] = [_examination_period(period) for period in examination.periods]
    if examination.earlier_exams:
        result["aiemminSuoritetutKokeet"] = [
            {"koulutusmoduuli": {"tunniste": code_reference(exam)}, "tutkintokerta": examination_period(period)}
            for exam, period in examination.earlier_exams
        ]
    return result


def _examination_period(period):
    result = {"tutkintokerta": examination_period(period.period)}
    if period.education is not None:
        result["koulutustausta"] = code_reference(period.education)
    if period.school is not None:
        result["oppilaitos"] = institution_reference(period.school)
    return result
