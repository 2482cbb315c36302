"""An English read model of one study right document, for the semantic rules of the validate step.

`read_study_right_model` reads a study right (`opiskeluoikeus`) into periods and a tree of
achievements with the fields the rules compare: dates, states, funding, module codes, diary
numbers, assessments, verifications, scopes, competence areas and titles. Every object carries
the path of its place in the document, so an error can name the field at fault without the rules
knowing the Finnish keys. The reader assumes the structure check has passed. It tolerates missing
optional fields and never changes the document.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .paths import child, item
from .reader import code_value, parse_date

# States that end a study right (code set koskiopiskeluoikeudentila), as the national service
# lists them; `loma`, `lasna` and `valiaikaisestikeskeytynyt` do not end one.
TERMINAL_STATES = frozenset({
    "eronnut", "hyvaksytystisuoritettu", "katsotaaneronneeksi", "keskeytynyt", "mitatoity", "peruutettu",
    "paattynyt", "valmistunut",
})
INVALIDATED = "mitatoity"
# Names of the fields that errors about changes of a stored study right name.
TYPE_FIELD = "tyyppi"
SOURCE_ID_FIELD = "lähdejärjestelmänId"
GRADUATED = "valmistunut"
MATRICULATION_EXAMINATION = "ylioppilastutkinto"


@dataclass(slots=True)
class CodeField:
    """A code of the document (`{koodiarvo, koodistoUri}`) and where it sits."""

    value: str
    code_set: str
    path: str


@dataclass(slots=True)
class Period:
    """A study right period (opiskeluoikeusjakso): its start, state and funding."""

    index: int
    path: str
    start: datetime.date | None
    state: str
    funding: str

    @property
    def start_path(self):
        return child(self.path, "alku")

    @property
    def funding_path(self):
        return child(self.path, "opintojenRahoitus")

    @property
    def is_terminal(self):
        return self.state in TERMINAL_STATES


@dataclass(slots=True)
class Assessment:
    """One assessment (arviointi) of an achievement."""

    path: str
    date: datetime.date | None
    grade: str
    scale: str

    @property
    def date_path(self):
        return child(self.path, "päivä")

    @property
    def is_numeric(self):
        return self.grade.isdigit()


@dataclass(slots=True, eq=False)
class Achievement:
    """An achievement (suoritus): a top-level achievement or a part, with its own parts."""

    path: str
    type: str
    depth: int
    parent: Achievement | None
    module_code: str = ""
    module_code_set: str = ""
    diary_number: str = ""
    completion_method: str = ""
    start: datetime.date | None = None
    assessments: list = field(default_factory=list)
    verification_date: datetime.date | None = None
    scope_value: float | None = None
    scope_unit: CodeField | None = None
    competence_areas: list = field(default_factory=list)
    titles: list = field(default_factory=list)
    group: str = ""
    other_qualification_code: str = ""
    other_qualification_diary_number: str = ""
    recognised: bool = False
    demonstration_grades: list = field(default_factory=list)
    parts: list = field(default_factory=list)

    @property
    def is_top_level(self):
        return self.depth == 0

    @property
    def is_verified(self):
        return self.verification_date is not None

    @property
    def is_assessed(self):
        return bool(self.assessments)

    @property
    def assessment_dates(self):
        return [assessment.date for assessment in self.assessments if assessment.date is not None]

    @property
    def ancestors(self):
        """The achievements above this one, nearest first."""
        result = []
        node = self.parent
        while node is not None:
            result.append(node)
            node = node.parent
        return result

    def descendants(self):
        """Yield every part below this achievement, parents before their parts."""
        for part in self.parts:
            yield part
            yield from part.descendants()

    @property
    def module_path(self):
        return child(child(self.path, "koulutusmoduuli"), "tunniste")

    @property
    def diary_number_path(self):
        return child(child(self.path, "koulutusmoduuli"), "perusteenDiaarinumero")

    @property
    def other_qualification_diary_number_path(self):
        return child(child(self.path, "tutkinto"), "perusteenDiaarinumero")

    @property
    def start_path(self):
        return child(self.path, "alkamispäivä")

    @property
    def verification_path(self):
        return child(child(self.path, "vahvistus"), "päivä")


@dataclass(slots=True, eq=False)
class StudyRightModel:
    """A study right (opiskeluoikeus) as the rules see it."""

    path: str
    type: str
    periods: list
    achievements: list
    sent_start: datetime.date | None = None
    sent_end: datetime.date | None = None
    estimated_end: datetime.date | None = None
    linked: bool = False

    @property
    def first_period_start(self):
        """The start of the first period: the national format's start date. Matriculation records have none."""
        if self.type == MATRICULATION_EXAMINATION or not self.periods:
            return None
        return self.periods[0].start

    @property
    def last_terminal_period_start(self):
        """The start of the last period when that period ends the study right: the national format's end date."""
        if self.periods and self.periods[-1].is_terminal:
            return self.periods[-1].start
        return None

    @property
    def start(self):
        """The start date sent (alkamispäivä), else the first period's start, as the register stores it."""
        return self.sent_start or self.first_period_start

    @property
    def end(self):
        """The end date sent (päättymispäivä), else the start of a last period that ends the study right."""
        return self.sent_end or self.last_terminal_period_start

    @property
    def last_state(self):
        return self.periods[-1].state if self.periods else ""

    @property
    def is_invalidation(self):
        return self.last_state == INVALIDATED

    @property
    def start_path(self):
        return child(self.path, "alkamispäivä")

    @property
    def end_path(self):
        return child(self.path, "päättymispäivä")

    @property
    def estimated_end_path(self):
        return child(self.path, "arvioituPäättymispäivä")

    @property
    def periods_path(self):
        return child(child(self.path, "tila"), "opiskeluoikeusjaksot")

    @property
    def achievements_path(self):
        return child(self.path, "suoritukset")

    @property
    def oid_path(self):
        return child(self.path, "oid")

    @property
    def type_path(self):
        return child(self.path, TYPE_FIELD)

    @property
    def source_id_path(self):
        return child(self.path, SOURCE_ID_FIELD)

    def all_achievements(self):
        """Yield every achievement of the study right, each top-level achievement before its parts."""
        for achievement in self.achievements:
            yield achievement
            yield from achievement.descendants()


def read_study_right_model(document, path):
    """Return the StudyRightModel of a study right document whose place in the request is `path`."""
    periods = [
        _read_period(period, index, item(child(child(path, "tila"), "opiskeluoikeusjaksot"), index))
        for index, period in enumerate(_list((document.get("tila") or {}).get("opiskeluoikeusjaksot")))
    ]
    achievements = [
        _read_achievement(achievement, item(child(path, "suoritukset"), index), 0, None)
        for index, achievement in enumerate(_list(document.get("suoritukset")))
    ]
    return StudyRightModel(
        path=path,
        type=code_value(document.get("tyyppi")),
        periods=periods,
        achievements=achievements,
        sent_start=parse_date(document.get("alkamispäivä")),
        sent_end=parse_date(document.get("päättymispäivä")),
        estimated_end=parse_date(document.get("arvioituPäättymispäivä")),
        linked=bool(document.get("sisältyyOpiskeluoikeuteen")),
    )


def _read_period(period, index, path):
    period = _dict(period)
    return Period(
        index=index,
        path=path,
        start=parse_date(period.get("alku")),
        state=code_value(period.get("tila")),
        funding=code_value(period.get("opintojenRahoitus")),
    )


def _read_achievement(node, path, depth, parent):
    node = _dict(node)
    module = _dict(node.get("koulutusmoduuli"))
    code = _dict(module.get("tunniste"))
    scope = _dict(module.get("laajuus"))
    qualification = _dict(node.get("tutkinto"))
    achievement = Achievement(
        path=path,
        type=code_value(node.get("tyyppi")),
        depth=depth,
        parent=parent,
        module_code=_string(code.get("koodiarvo")),
        module_code_set=_string(code.get("koodistoUri")),
        diary_number=_string(module.get("perusteenDiaarinumero")),
        completion_method=code_value(node.get("suoritustapa")),
        start=parse_date(node.get("alkamispäivä")),
        assessments=_read_assessments(node.get("arviointi"), child(path, "arviointi")),
        verification_date=parse_date(_dict(node.get("vahvistus")).get("päivä")),
        scope_value=_number(scope.get("arvo")),
        scope_unit=_code_field(scope.get("yksikkö"), child(child(child(path, "koulutusmoduuli"), "laajuus"), "yksikkö")),
        competence_areas=_competence_areas(node.get("osaamisala"), child(path, "osaamisala")),
        titles=_codes(node.get("tutkintonimike"), child(path, "tutkintonimike")),
        group=code_value(node.get("tutkinnonOsanRyhmä")),
        other_qualification_code=code_value(qualification.get("tunniste")),
        other_qualification_diary_number=_string(qualification.get("perusteenDiaarinumero")),
        recognised=bool(node.get("tunnustettu")),
        demonstration_grades=_demonstration_grades(node.get("näyttö"), child(path, "näyttö")),
    )
    achievement.parts = [
        _read_achievement(part, item(child(path, "osasuoritukset"), index), depth + 1, achievement)
        for index, part in enumerate(_list(node.get("osasuoritukset")))
    ]
    return achievement


def _read_assessments(assessments, path):
    result = []
    for index, assessment in enumerate(_list(assessments)):
        if not isinstance(assessment, dict):
            continue
        grade = _dict(assessment.get("arvosana"))
        result.append(Assessment(
            path=item(path, index),
            date=parse_date(assessment.get("päivä")),
            grade=_string(grade.get("koodiarvo")),
            scale=_string(grade.get("koodistoUri")),
        ))
    return result


def _competence_areas(areas, path):
    """Read `osaamisala`: a list of `{osaamisala: code}` periods, or of bare codes in older documents."""
    result = []
    for index, entry in enumerate(_list(areas)):
        entry = _dict(entry)
        if "osaamisala" in entry:
            found = _code_field(entry.get("osaamisala"), child(item(path, index), "osaamisala"))
        else:
            found = _code_field(entry, item(path, index))
        if found is not None:
            result.append(found)
    return result


def _codes(codes, path):
    return [found for index, code in enumerate(_list(codes)) if (found := _code_field(code, item(path, index)))]


def _demonstration_grades(demonstration, path):
    """Return the grades of a competence demonstration (näyttö): its assessment and the assessed targets."""
    assessment = _dict(_dict(demonstration).get("arviointi"))
    if not assessment:
        return []
    assessment_path = child(path, "arviointi")
    grades = []
    grade = _code_field(assessment.get("arvosana"), child(assessment_path, "arvosana"))
    if grade is not None:
        grades.append(grade)
    targets_path = child(assessment_path, "arviointikohteet")
    for index, target in enumerate(_list(assessment.get("arviointikohteet"))):
        grade = _code_field(_dict(target).get("arvosana"), child(item(targets_path, index), "arvosana"))
        if grade is not None:
            grades.append(grade)
    return grades


def _code_field(reference, path):
    if not isinstance(reference, dict) or not isinstance(reference.get("koodiarvo"), str):
        return None
    return CodeField(value=reference["koodiarvo"], code_set=_string(reference.get("koodistoUri")), path=path)


def _dict(value):
    return value if isinstance(value, dict) else {}


def _list(value):
    return value if isinstance(value, list) else []


def _string(value):
    return value if isinstance(value, str) else ""


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)
