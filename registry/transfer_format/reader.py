"""Read a learner document of the national transfer format into plain English data.

The document is `{"henkilö": {...}, "opiskeluoikeudet": [...]}`. These readers assume the
structure check has passed, so types are right; they never change the document.
"""

import datetime
from dataclasses import dataclass, field

from .paths import child, item

PERSON = "henkilö"
STUDY_RIGHTS = "opiskeluoikeudet"


@dataclass
class PersonData:
    """What `henkilö` says of the learner."""

    path: str
    oid: str | None = None
    identity_code: str | None = None
    first_names: str = ""
    calling_name: str = ""
    last_name: str = ""

    @property
    def has_names(self):
        return bool(self.first_names and self.last_name)


@dataclass
class StudyRightData:
    """The identifying and denormalised fields of one study right in a document."""

    index: int
    path: str
    document: dict
    oid: str | None
    version: int | None
    type: str
    institution_oid: str | None
    provider_oid: str | None
    unit_oids: list = field(default_factory=list)
    source_system: str = ""
    source_id: str = ""
    has_source_reference: bool = False
    parent_study_right_oid: str = ""
    parent_institution_oid: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    state: str = ""
    first_achievement_module_code: str = ""
    first_achievement_type: str = ""


def parse_date(value):
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def read_person(document):
    person = document[PERSON]
    return PersonData(
        path=PERSON,
        oid=person.get("oid"),
        identity_code=person.get("hetu"),
        first_names=(person.get("etunimet") or "").strip(),
        calling_name=(person.get("kutsumanimi") or "").strip(),
        last_name=(person.get("sukunimi") or "").strip(),
    )


def read_study_rights(document):
    return [
        read_study_right(study_right, index, item(STUDY_RIGHTS, index))
        for index, study_right in enumerate(document[STUDY_RIGHTS])
    ]


def read_study_right(study_right, index, path):
    source = study_right.get("lähdejärjestelmänId") or {}
    parent = study_right.get("sisältyyOpiskeluoikeuteen") or {}
    periods = periods_of(study_right)
    achievements = study_right.get("suoritukset") or []
    first = achievements[0] if achievements else {}
    return StudyRightData(
        index=index,
        path=path,
        document=study_right,
        oid=study_right.get("oid"),
        version=study_right.get("versionumero"),
        type=code_value(study_right.get("tyyppi")),
        institution_oid=(study_right.get("oppilaitos") or {}).get("oid"),
        provider_oid=(study_right.get("koulutustoimija") or {}).get("oid"),
        unit_oids=[
            (achievement.get("toimipiste") or {}).get("oid")
            for achievement in achievements
            if (achievement.get("toimipiste") or {}).get("oid")
        ],
        source_system=code_value(source.get("lähdejärjestelmä")),
        source_id=source.get("id") or "",
        has_source_reference=bool(source),
        parent_study_right_oid=parent.get("oid") or "",
        parent_institution_oid=(parent.get("oppilaitos") or {}).get("oid") or "",
        start_date=synthetic_dates(study_right)[0],
        end_date=synthetic_dates(study_right)[1],
        state=periods[-1][1] if periods else "",
        first_achievement_module_code=code_value(((first.get("koulutusmoduuli") or {}).get("tunniste"))),
        first_achievement_type=code_value(first.get("tyyppi")),
    )


# States that end a study right (koskiopiskeluoikeudentila), as the national service defines them.
TERMINAL_STATES = frozenset({
    "valmistunut", "eronnut", "katsotaaneronneeksi", "keskeytynyt", "mitatoity", "peruutettu", "paattynyt",
    "hyvaksytystisuoritettu",
})
# The matriculation examination has no periods and so no start date.
NO_START_DATE_TYPES = frozenset({"ylioppilastutkinto"})
# Higher education: VIRTA gives the end date itself (päättymispäivä), and its states are codes of
# virtaopiskeluoikeudentila, not of the states the format derives an end date from.
SOURCE_END_DATE_TYPES = frozenset({"korkeakoulutus"})


def periods_of(study_right):
    """Return the study right's periods as (start date, state code) pairs in document order."""
    periods = ((study_right.get("tila") or {}).get("opiskeluoikeusjaksot")) or []
    return [(parse_date(period.get("alku")), code_value(period.get("tila"))) for period in periods]


def terminal_date(periods):
    """Return the start of the last period when it ends the study right, else None."""
    if periods and periods[-1][1] in TERMINAL_STATES:
        return periods[-1][0]
    return None


def synthetic_dates(study_right):
    """Return (alkamispäivä, päättymispäivä) as the format derives them from the periods.

    A higher-education study right keeps the end date that VIRTA sent.
    """
    periods = periods_of(study_right)
    study_right_type = code_value(study_right.get("tyyppi"))
    if study_right_type in SOURCE_END_DATE_TYPES:
        return (periods[0][0] if periods else None), parse_date(study_right.get("päättymispäivä"))
    if study_right_type in NO_START_DATE_TYPES or not periods:
        return None, None
    return periods[0][0], terminal_date(periods)


def set_synthetic_dates(study_right):
    """Set `alkamispäivä` and `päättymispäivä` from the periods, as the national service does.

    The format derives both from the periods and ignores the values a document sends, so the
    stored document always agrees with its periods.
    """
    for key, value in zip(("alkamispäivä", "päättymispäivä"), synthetic_dates(study_right)):
        if value is None:
            study_right.pop(key, None)
        else:
            study_right[key] = value.isoformat()


def code_value(reference):
    if isinstance(reference, dict) and isinstance(reference.get("koodiarvo"), str):
        return reference["koodiarvo"]
    return ""


@dataclass
class TransferFacts:
    """What the transfer log keeps of a document, read leniently: the document may be malformed."""

    identity_code: str = ""
    learner_oid: str = ""
    first_names: str = ""
    last_name: str = ""
    institution_oids: list = field(default_factory=list)
    source_system: str = ""


def transfer_facts(document):
    facts = TransferFacts()
    if not isinstance(document, dict):
        return facts
    person = document.get(PERSON) if isinstance(document.get(PERSON), dict) else {}
    facts.identity_code = person.get("hetu") if isinstance(person.get("hetu"), str) else ""
    facts.learner_oid = person.get("oid") if isinstance(person.get("oid"), str) else ""
    facts.first_names = person.get("etunimet") if isinstance(person.get("etunimet"), str) else ""
    facts.last_name = person.get("sukunimi") if isinstance(person.get("sukunimi"), str) else ""
    study_rights = document.get(STUDY_RIGHTS) if isinstance(document.get(STUDY_RIGHTS), list) else []
    for study_right in study_rights:
        if not isinstance(study_right, dict):
            continue
        institution = study_right.get("oppilaitos")
        if isinstance(institution, dict) and isinstance(institution.get("oid"), str):
            facts.institution_oids.append(institution["oid"])
        source = study_right.get("lähdejärjestelmänId")
        if not facts.source_system and isinstance(source, dict):
            facts.source_system = code_value(source.get("lähdejärjestelmä"))
    return facts
