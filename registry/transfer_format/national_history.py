"""Read the national service's learners and version histories, for the move of its records to the register.

A learner is a document as the national service's read API returns it: `henkilö` with the
learner OID, and study rights that carry their `oid`, `versionumero` and `aikaleima`. A history
is the national service's stored version history of one study right: one JSON object per line,
`{"versionumero", "aikaleima", "muutos"}`, where `muutos` is the RFC 6902 patch from the
previous version, and version 1 adds the whole document. The national service stores documents
without `oid`, `versionumero` and `aikaleima`, as the register does, and without computed
fields such as an institution's `oppilaitostyyppi`.
"""

import datetime
import re
from dataclasses import dataclass, field

from .paths import child, item
from .reader import PERSON, STUDY_RIGHTS, code_value
from .writer import without_register_fields

# The national service writes aikaleima as local Finnish time without a zone, with as many
# fraction digits as the time has.
TIMESTAMP_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?")

VERSION_KEY = "versionumero"
TIMESTAMP_KEY = "aikaleima"
PATCH_KEY = "muutos"
OID_KEY = "oid"
# Fields the national service computes when it reads a document and never stores, with the
# objects that carry them: an institution's type comes from the organisation service.
COMPUTED_FIELDS = {"oppilaitos": ("oppilaitostyyppi",)}


class NationalFormatError(ValueError):
    """A learner or history line that cannot be read; the message names the place and the problem."""


@dataclass(frozen=True)
class HistoryLine:
    number: int
    timestamp_text: str
    patch: list


@dataclass
class NationalStudyRight:
    """One study right of a learner document: where it is, its register-managed fields and its document."""

    path: str
    oid: str
    version: int
    timestamp_text: str
    type: str
    document: dict


@dataclass
class NationalPerson:
    path: str
    oid: str
    identity_code: str = ""
    first_names: str = ""
    calling_name: str = ""
    last_name: str = ""
    birth_date: datetime.date | None = None
    mother_tongue: str = ""
    nationalities: list = field(default_factory=list)
    non_disclosure: bool = False


def parse_timestamp(text):
    """Return the naive local datetime of an aikaleima text; raise NationalFormatError for another form.

    Fraction digits beyond microseconds are dropped from the datetime. The text itself is what
    the register keeps and writes back.
    """
    if not isinstance(text, str) or not TIMESTAMP_PATTERN.fullmatch(text):
        raise NationalFormatError(f"{text!r} is not a time of the form YYYY-MM-DDThh:mm[:ss[.fraction]]")
    main, _dot, fraction = text.partition(".")
    value = datetime.datetime.fromisoformat(main)
    if fraction:
        value = value.replace(microsecond=int(fraction[:6].ljust(6, "0")))
    return value


def read_person(document):
    """Return the NationalPerson of a learner document; raise NationalFormatError without a learner OID."""
    person = document.get(PERSON) if isinstance(document, dict) else None
    if not isinstance(person, dict) or not isinstance(person.get(OID_KEY), str):
        raise NationalFormatError(f"{PERSON}.{OID_KEY} is missing: the national service names every learner by OID")
    birth_date = None
    if isinstance(person.get("syntymäaika"), str):
        try:
            birth_date = datetime.date.fromisoformat(person["syntymäaika"])
        except ValueError as error:
            raise NationalFormatError(f"{PERSON}.syntymäaika: {error}") from None
    return NationalPerson(
        path=PERSON,
        oid=person[OID_KEY],
        identity_code=person.get("hetu") if isinstance(person.get("hetu"), str) else "",
        first_names=_text(person.get("etunimet")),
        calling_name=_text(person.get("kutsumanimi")),
        last_name=_text(person.get("sukunimi")),
        birth_date=birth_date,
        mother_tongue=code_value(person.get("äidinkieli")),
        nationalities=[code_value(code) for code in _list(person.get("kansalaisuus")) if code_value(code)],
        non_disclosure=person.get("turvakielto") is True,
    )


def _list(value):
    return value if isinstance(value, list) else []


def _text(value):
    return value.strip() if isinstance(value, str) else ""


def read_study_rights(document):
    """Return (NationalStudyRights, problems): each study right that names its oid, versionumero and aikaleima.

    `problems` lists (path, message) of the study rights that cannot be read; the others are still returned.
    """
    rights = document.get(STUDY_RIGHTS) if isinstance(document, dict) else None
    if not isinstance(rights, list):
        raise NationalFormatError(f"{STUDY_RIGHTS} is missing or not a list")
    result, problems = [], []
    for index, study_right in enumerate(rights):
        path = item(STUDY_RIGHTS, index)
        try:
            result.append(read_study_right(study_right, path))
        except NationalFormatError as error:
            problems.append((path, str(error)))
    return result, problems


def read_study_right(study_right, path):
    if not isinstance(study_right, dict):
        raise NationalFormatError("a study right must be an object")
    oid, version, timestamp = study_right.get(OID_KEY), study_right.get(VERSION_KEY), study_right.get(TIMESTAMP_KEY)
    if not isinstance(oid, str) or not oid:
        raise NationalFormatError(f"{child(path, OID_KEY)} is missing")
    if type(version) is not int or version < 1:
        raise NationalFormatError(f"{child(path, VERSION_KEY)} must be a whole number of at least 1, not {version!r}")
    parse_timestamp(timestamp)
    return NationalStudyRight(
        path=path, oid=oid, version=version, timestamp_text=timestamp, type=code_value(study_right.get("tyyppi")),
        document=without_register_fields(study_right),
    )


def parse_history_line(value, line_number):
    """Return the HistoryLine of one decoded line of a history file; raise NationalFormatError naming the line."""
    where = f"line {line_number}"
    if not isinstance(value, dict):
        raise NationalFormatError(f"{where}: expected an object with versionumero, aikaleima and muutos")
    number, timestamp, patch = value.get(VERSION_KEY), value.get(TIMESTAMP_KEY), value.get(PATCH_KEY)
    if type(number) is not int or number < 1:
        raise NationalFormatError(f"{where}: versionumero must be a whole number of at least 1, not {number!r}")
    try:
        parse_timestamp(timestamp)
    except NationalFormatError as error:
        raise NationalFormatError(f"{where}: aikaleima {error}") from None
    if not isinstance(patch, list) or not all(isinstance(operation, dict) for operation in patch):
        raise NationalFormatError(f"{where}: muutos must be a list of RFC 6902 operations")
    return HistoryLine(number=number, timestamp_text=timestamp, patch=patch)


def adds_whole_document(patch):
    """Return whether a patch is the first version's: one `add` of the whole document."""
    return (
        len(patch) == 1 and patch[0].get("op") in ("add", "replace") and patch[0].get("path") == ""
        and isinstance(patch[0].get("value"), dict)
    )


def whole_document_patch(document):
    return [{"op": "add", "path": "", "value": document}]


def without_computed_fields(document):
    """Return a copy of a study right without the fields the national service computes when it reads one."""
    if isinstance(document, list):
        return [without_computed_fields(element) for element in document]
    if not isinstance(document, dict):
        return document
    result = {}
    for key, value in document.items():
        value = without_computed_fields(value)
        if key in COMPUTED_FIELDS and isinstance(value, dict):
            value = {name: part for name, part in value.items() if name not in COMPUTED_FIELDS[key]}
        result[key] = value
    return result


def organisation_oids(document):
    """Return (institution OID, provider OID, unit OIDs of the top-level achievements) of a study right."""
    units = [
        (achievement.get("toimipiste") or {}).get("oid")
        for achievement in document.get("suoritukset") or []
        if isinstance(achievement, dict) and (achievement.get("toimipiste") or {}).get("oid")
    ]
    return (document.get("oppilaitos") or {}).get("oid"), (document.get("koulutustoimija") or {}).get("oid"), units


# The parts of a study right that the register reads into its own columns and achievement rows.
# Old records skip the structure check, so the import checks these shapes itself.
OBJECT_FIELDS = ("tyyppi", "oppilaitos", "koulutustoimija", "tila", "lähdejärjestelmänId", "sisältyyOpiskeluoikeuteen")
DATE_FIELDS = ("alkamispäivä", "päättymispäivä", "arvioituPäättymispäivä")
ACHIEVEMENT_OBJECT_FIELDS = ("tyyppi", "koulutusmoduuli", "toimipiste", "vahvistus")


def shape_problems(document):
    """Return messages naming each part of a study right whose JSON type the register cannot read; [] when it can."""
    problems = []
    for key in OBJECT_FIELDS:
        if key in document and not isinstance(document[key], dict):
            problems.append(f"{key} must be an object")
    if not code_value(document.get("tyyppi")):
        problems.append("tyyppi.koodiarvo is missing")
    for key in DATE_FIELDS:
        if key in document and not _is_date(document[key]):
            problems.append(f"{key} must be a date of the form YYYY-MM-DD")
    periods = document["tila"].get("opiskeluoikeusjaksot", []) if isinstance(document.get("tila"), dict) else []
    if not isinstance(periods, list):
        problems.append("tila.opiskeluoikeusjaksot must be a list")
        periods = []
    for index, period in enumerate(periods):
        if not isinstance(period, dict) or not _is_date(period.get("alku")) or not isinstance(period.get("tila"), dict):
            problems.append(f"tila.opiskeluoikeusjaksot[{index}] must be an object with the date alku and the code tila")
    achievements = document.get("suoritukset", [])
    if not isinstance(achievements, list):
        return [*problems, "suoritukset must be a list"]
    for index, achievement in enumerate(achievements):
        if not isinstance(achievement, dict):
            problems.append(f"suoritukset[{index}] must be an object")
            continue
        problems.extend(
            f"suoritukset[{index}].{key} must be an object"
            for key in ACHIEVEMENT_OBJECT_FIELDS if key in achievement and not isinstance(achievement[key], dict)
        )
    return problems


def _is_date(value):
    if not isinstance(value, str):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10

