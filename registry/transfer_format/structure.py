"""Structural rules of a learner document: required fields, their JSON types, dates and code shapes.

Each check appends `Error`s to a list and never raises, so a caller gets every problem of the
document at once. Only the types in `SUPPORTED_TYPES` are accepted.
"""

import datetime
import re

from .. import errors
from ..identity_codes import InvalidIdentityCode, validate as validate_identity_code
from ..oids import is_learner_oid, is_organisation_oid, is_study_right_oid
from .paths import child, item
from .reader import PERSON, STUDY_RIGHTS
from .references import CODE_SET, CODE_VALUE, walk

# Study-right types (opiskeluoikeudentyyppi) the register accepts from provider systems.
SUPPORTED_TYPES = (
    "ammatillinenkoulutus",
    "lukiokoulutus",
    "luva",
    "ylioppilastutkinto",
    "perusopetus",
    "aikuistenperusopetus",
    "perusopetuksenlisaopetus",
    "perusopetukseenvalmistavaopetus",
    "esiopetus",
)

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Keys that always hold a date. Other keys ending in `päivä` hold a date when their value is a
# string; a few of them are flags (`pidennettyPäättymispäivä` is a boolean).
DATE_KEYS = frozenset({"alku", "loppu", "päivä", "alkamispäivä", "päättymispäivä", "arvioituPäättymispäivä"})


def is_date_field(key, value):
    if key in DATE_KEYS:
        return True
    return isinstance(value, str) and (key.endswith("päivä") or key.endswith("Päivä"))


def schema_error(problems, path, problem):
    problems.append(errors.JSON_SCHEMA(path=path, problem=problem))


def check_learner_document(document):
    """Return the structural problems of a learner document as a list of `Error`s."""
    problems = []
    if not isinstance(document, dict):
        schema_error(problems, "(document)", "the document must be a JSON object with henkilö and opiskeluoikeudet")
        return problems

    check_person(document.get(PERSON), problems)

    study_rights = document.get(STUDY_RIGHTS)
    if study_rights is None:
        schema_error(problems, STUDY_RIGHTS, "missing: send a list of study rights")
    elif not isinstance(study_rights, list):
        schema_error(problems, STUDY_RIGHTS, "must be a list of study rights")
    elif not study_rights:
        problems.append(errors.EMPTY_STUDY_RIGHT_LIST(path=STUDY_RIGHTS))
    else:
        for index, study_right in enumerate(study_rights):
            check_study_right(study_right, item(STUDY_RIGHTS, index), problems)
    return problems


def check_person(person, problems):
    if person is None:
        schema_error(problems, PERSON, "missing: send the learner's oid, or hetu and names")
        return
    if not isinstance(person, dict):
        schema_error(problems, PERSON, "must be an object")
        return

    for key in ("oid", "hetu", "etunimet", "kutsumanimi", "sukunimi"):
        if key in person and person[key] is not None and not isinstance(person[key], str):
            schema_error(problems, child(PERSON, key), "must be a string")

    oid = person.get("oid")
    identity_code = person.get("hetu")
    if isinstance(oid, str) and not is_learner_oid(oid):
        schema_error(problems, child(PERSON, "oid"), f"{oid} is not a learner OID such as 1.2.246.562.24.00000000001")
    if isinstance(identity_code, str):
        try:
            validate_identity_code(identity_code)
        except InvalidIdentityCode as error:
            problems.append(errors.INVALID_IDENTITY_CODE(path=child(PERSON, "hetu"), reason=str(error)))
    if not oid and not isinstance(identity_code, str):
        problems.append(errors.INCOMPLETE_PERSON(path=PERSON, problem="send the learner's oid or hetu"))


def check_study_right(study_right, path, problems):
    if not isinstance(study_right, dict):
        schema_error(problems, path, "must be an object")
        return

    check_code(study_right, "tyyppi", "opiskeluoikeudentyyppi", path, problems, required=True)
    study_right_type = (study_right.get("tyyppi") or {}).get(CODE_VALUE) if isinstance(study_right.get("tyyppi"), dict) else None
    if isinstance(study_right_type, str) and study_right_type not in SUPPORTED_TYPES:
        problems.append(errors.UNSUPPORTED_TYPE(
            path=child(path, "tyyppi"), value=study_right_type, supported=", ".join(SUPPORTED_TYPES),
        ))
        return

    check_oid(study_right, "oid", is_study_right_oid, "a study right OID such as 1.2.246.562.15.00000000001", path, problems)
    version = study_right.get("versionumero")
    if "versionumero" in study_right and version is not None and (
        isinstance(version, bool) or not isinstance(version, int) or version < 1
    ):
        schema_error(problems, child(path, "versionumero"), f"{version!r} is not a version number: use a whole number of at least 1")

    source = study_right.get("lähdejärjestelmänId")
    if source is not None:
        source_path = child(path, "lähdejärjestelmänId")
        if not isinstance(source, dict):
            schema_error(problems, source_path, "must be an object with lähdejärjestelmä and id")
        else:
            check_code(source, "lähdejärjestelmä", "lahdejarjestelma", source_path, problems, required=True)
            if source.get("id") is not None and not isinstance(source["id"], str):
                schema_error(problems, child(source_path, "id"), "must be a string")

    for key in ("oppilaitos", "koulutustoimija"):
        check_organisation(study_right, key, path, problems)
    parent = study_right.get("sisältyyOpiskeluoikeuteen")
    if parent is not None:
        parent_path = child(path, "sisältyyOpiskeluoikeuteen")
        if not isinstance(parent, dict):
            schema_error(problems, parent_path, "must be an object with oid and oppilaitos")
        else:
            check_oid(parent, "oid", is_study_right_oid, "a study right OID", parent_path, problems, required=True)
            check_organisation(parent, "oppilaitos", parent_path, problems, required=True)

    check_periods(study_right, path, problems)
    check_achievements(study_right, path, problems)
    check_dates_and_codes(study_right, path, problems)


def check_periods(study_right, path, problems):
    state = study_right.get("tila")
    state_path = child(path, "tila")
    if not isinstance(state, dict):
        schema_error(problems, state_path, "missing: send tila with its opiskeluoikeusjaksot")
        return
    periods = state.get("opiskeluoikeusjaksot")
    periods_path = child(state_path, "opiskeluoikeusjaksot")
    if not isinstance(periods, list):
        schema_error(problems, periods_path, "must be a list of periods")
        return
    for index, period in enumerate(periods):
        period_path = item(periods_path, index)
        if not isinstance(period, dict):
            schema_error(problems, period_path, "must be an object with alku and tila")
            continue
        if "alku" not in period:
            schema_error(problems, child(period_path, "alku"), "missing: the period's start date is required")
        check_code(period, "tila", None, period_path, problems, required=True)


def check_achievements(study_right, path, problems):
    achievements = study_right.get("suoritukset")
    achievements_path = child(path, "suoritukset")
    if not isinstance(achievements, list) or not achievements:
        schema_error(problems, achievements_path, "must be a list of at least one top-level achievement")
        return
    for index, achievement in enumerate(achievements):
        check_achievement(achievement, item(achievements_path, index), problems)


def check_achievement(achievement, path, problems):
    if not isinstance(achievement, dict):
        schema_error(problems, path, "must be an object")
        return
    check_code(achievement, "tyyppi", "suorituksentyyppi", path, problems, required=True)
    module = achievement.get("koulutusmoduuli")
    if not isinstance(module, dict):
        schema_error(problems, child(path, "koulutusmoduuli"), "missing: every achievement names its module")
    elif not isinstance(module.get("tunniste"), dict):
        schema_error(problems, child(child(path, "koulutusmoduuli"), "tunniste"), "missing: the module needs its code")
    parts = achievement.get("osasuoritukset")
    if parts is None:
        return
    parts_path = child(path, "osasuoritukset")
    if not isinstance(parts, list):
        schema_error(problems, parts_path, "must be a list of achievements")
        return
    for index, part in enumerate(parts):
        if not isinstance(part, dict):
            schema_error(problems, item(parts_path, index), "must be an object")
        elif not isinstance(part.get("koulutusmoduuli"), dict):
            schema_error(problems, child(item(parts_path, index), "koulutusmoduuli"), "missing: every achievement names its module")


def check_dates_and_codes(study_right, path, problems):
    """Check every date field, code reference and scope anywhere in the study right."""
    for node_path, node in walk(study_right, path):
        for key, value in node.items():
            if value is not None and is_date_field(key, value):
                check_date_value(value, child(node_path, key), problems)
        if CODE_SET in node:
            if not isinstance(node.get(CODE_SET), str) or not isinstance(node.get(CODE_VALUE), str):
                schema_error(problems, node_path, "a code needs koodiarvo and koodistoUri as strings")
        if "laajuus" in node and isinstance(node["laajuus"], dict):
            scope = node["laajuus"].get("arvo")
            if scope is not None and (isinstance(scope, bool) or not isinstance(scope, (int, float))):
                schema_error(problems, child(child(node_path, "laajuus"), "arvo"), f"{scope!r} is not a number")


def check_date_value(value, path, problems):
    if not isinstance(value, str):
        schema_error(problems, path, f"{value!r} is not a date: use a string YYYY-MM-DD")
        return
    if not DATE_PATTERN.match(value):
        problems.append(errors.FORMAT_DATE(path=path, value=value))
        return
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(errors.FORMAT_DATE(path=path, value=value))


def check_code(node, key, code_set, path, problems, *, required):
    value = node.get(key)
    code_path = child(path, key)
    if value is None:
        if required:
            schema_error(problems, code_path, "missing: send a code {koodiarvo, koodistoUri}")
        return
    if not isinstance(value, dict) or not isinstance(value.get(CODE_VALUE), str) or not isinstance(value.get(CODE_SET), str):
        schema_error(problems, code_path, "must be a code {koodiarvo, koodistoUri}")
        return
    if code_set and value[CODE_SET] != code_set:
        schema_error(problems, child(code_path, CODE_SET), f"must be {code_set}, not {value[CODE_SET]}")


def check_organisation(node, key, path, problems, *, required=False):
    value = node.get(key)
    organisation_path = child(path, key)
    if value is None:
        if required:
            schema_error(problems, organisation_path, "missing: send the organisation's oid")
        return
    if not isinstance(value, dict):
        schema_error(problems, organisation_path, "must be an object with the organisation's oid")
        return
    check_oid(value, "oid", is_organisation_oid, "an organisation OID such as 1.2.246.562.10.00000000001",
              organisation_path, problems, required=True)


def check_oid(node, key, matches, description, path, problems, *, required=False):
    value = node.get(key)
    if value is None:
        if required:
            schema_error(problems, child(path, key), f"missing: send {description}")
        return
    if not isinstance(value, str) or not matches(value):
        schema_error(problems, child(path, key), f"{value!r} is not {description}")
