"""Structural rules of a learner document: the national schema per study-right type, plus the register's own.

Each check appends `Error`s to a list instead of raising, so a caller gets every problem of the
document at once. Only the types in `SUPPORTED_TYPES` are accepted, and the types in
`READ_ONLY_TYPES` are refused with 403 for every caller, registry administrators included. The
fields, JSON types, code sets, allowed code values and states of each type come from the national
service's schema (see `schema/`); this module adds what the schema does not say: the study
right's own OID pattern, version numbers from 1, the learner's identity code, and the types the
register supports yet.
"""

from django.utils.translation import gettext

from .. import errors
from ..identity_codes import InvalidIdentityCode, validate as validate_identity_code
from ..oids import is_study_right_oid
from .paths import child, item
from .reader import PERSON, STUDY_RIGHTS
from .references import CODE_SET, CODE_VALUE
from .schema.validator import unknown_root_fields, validate_person, validate_study_right

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
# Study-right types that only an import from their national source register writes, with the
# register's name for messages. The national service refuses to write them too.
READ_ONLY_TYPES = {
    "korkeakoulutus": "VIRTA",
}
STUDY_RIGHT_TYPE_CODE_SET = "opiskeluoikeudentyyppi"


def schema_error(problems, path, problem):
    problems.append(errors.JSON_SCHEMA(path=path, problem=problem))


def check_learner_document(document, *, existing_codes=None):
    """Return the structural problems of a learner document as a list of `Error`s.

    `existing_codes(pairs)` returns which (code set URI, code value) pairs exist; it decides
    whether a code that its field does not allow is unknown altogether. By default it reads the
    register's code tables, and only when the document has such a code.
    """
    problems = []
    if not isinstance(document, dict):
        schema_error(problems, "(document)", gettext("the document must be a JSON object with henkilö and opiskeluoikeudet"))
        return problems

    problems.extend(unknown_root_fields(document))
    check_person(document.get(PERSON), problems)

    study_rights = document.get(STUDY_RIGHTS)
    if study_rights is None:
        schema_error(problems, STUDY_RIGHTS, gettext("missing: send a list of study rights"))
    elif not isinstance(study_rights, list):
        schema_error(problems, STUDY_RIGHTS, gettext("must be a list of study rights"))
    elif not study_rights:
        problems.append(errors.EMPTY_STUDY_RIGHT_LIST(path=STUDY_RIGHTS))
    else:
        for index, study_right in enumerate(study_rights):
            check_study_right(study_right, item(STUDY_RIGHTS, index), (document, study_rights), problems)
    return classify_disallowed_codes(problems, existing_codes or existing_codes_in_register)


def check_person(person, problems):
    if person is None:
        schema_error(problems, PERSON, gettext("missing: send the learner's oid, or hetu and names"))
        return
    if not isinstance(person, dict):
        schema_error(problems, PERSON, gettext("must be an object"))
        return

    identity_code = person.get("hetu")
    identity_code_path = child(PERSON, "hetu")
    person_problems = validate_person(person, PERSON)
    if isinstance(identity_code, str):
        # The identity code's own check names the fault better than the schema's "empty string".
        person_problems = [problem for problem in person_problems if problem.path != identity_code_path]
        try:
            validate_identity_code(identity_code)
        except InvalidIdentityCode as error:
            person_problems.append(identity_code_error(identity_code, identity_code_path, error))
    problems.extend(person_problems)
    if not person_problems and not person.get("oid") and identity_code is None:
        problems.append(errors.INCOMPLETE_PERSON(path=PERSON, problem=gettext("send the learner's oid or hetu")))


def identity_code_error(identity_code, path, error):
    """Return the error for a rejected identity code: its own key when only the synthetic test range is at fault."""
    try:
        validate_identity_code(identity_code, allow_synthetic=True)
    except InvalidIdentityCode:
        return errors.INVALID_IDENTITY_CODE(path=path, reason=str(error))
    return errors.SYNTHETIC_IDENTITY_CODE(path=path)


def check_study_right(study_right, path, containers, problems):
    if not isinstance(study_right, dict):
        schema_error(problems, path, gettext("must be an object"))
        return

    study_right_type = check_type(study_right, path, problems)
    if study_right_type is None:
        return
    if study_right_type in READ_ONLY_TYPES:
        problems.append(errors.READ_ONLY_TYPE(
            path=child(path, "tyyppi"), value=study_right_type, source=READ_ONLY_TYPES[study_right_type],
        ))
        return
    if study_right_type not in SUPPORTED_TYPES:
        problems.append(errors.UNSUPPORTED_TYPE(
            path=child(path, "tyyppi"), value=study_right_type, supported=", ".join(SUPPORTED_TYPES),
        ))
        return

    problems.extend(validate_study_right(study_right, study_right_type, path, containers=containers))
    check_oid(study_right, "oid", path, problems)
    parent = study_right.get("sisältyyOpiskeluoikeuteen")
    if isinstance(parent, dict):
        check_oid(parent, "oid", child(path, "sisältyyOpiskeluoikeuteen"), problems)
    version = study_right.get("versionumero")
    if type(version) is int and version < 1:
        schema_error(problems, child(path, "versionumero"), gettext(
            "%(value)s is not a version number: use a whole number of at least 1"
        ) % {"value": version})


def check_type(study_right, path, problems):
    """Return the study right's type code, or None after reporting why it cannot be read."""
    type_path = child(path, "tyyppi")
    code = study_right.get("tyyppi")
    if code is None:
        schema_error(problems, type_path, gettext("missing: send a code {koodiarvo, koodistoUri}"))
        return None
    if not isinstance(code, dict) or not isinstance(code.get(CODE_VALUE), str) or not isinstance(code.get(CODE_SET), str):
        schema_error(problems, type_path, gettext("must be a code {koodiarvo, koodistoUri}"))
        return None
    if code[CODE_SET] != STUDY_RIGHT_TYPE_CODE_SET:
        schema_error(problems, child(type_path, CODE_SET), gettext("must be %(expected)s, not %(value)s") % {
            "expected": STUDY_RIGHT_TYPE_CODE_SET, "value": code[CODE_SET],
        })
        return None
    return code[CODE_VALUE]


def check_oid(node, key, path, problems):
    """Check a study right OID; the national schema leaves its form open, the register checks the pattern."""
    value = node.get(key)
    if isinstance(value, str) and not is_study_right_oid(value):
        schema_error(problems, child(path, key), gettext(
            "%(value)s is not a study right OID such as 1.2.246.562.15.00000000001"
        ) % {"value": value})


def classify_disallowed_codes(problems, existing_codes):
    """Report a code that its field does not allow as unknown when its code set has no such code at all.

    The schema names the allowed values of a field, such as the states of a type, but not every
    code of a code set. A state `opiskelee` is not a code of the state code set, so the provider
    gets `koodisto.tuntematonKoodi`. A state `loma` where the type does not allow it stays a
    `jsonSchema` problem that lists the allowed states.
    """
    disallowed = [problem for problem in problems if problem.params.get("disallowed_code")]
    if not disallowed:
        return problems
    existing = existing_codes({(problem.params["code_set"], problem.params["value"]) for problem in disallowed})
    classified = []
    for problem in problems:
        pair = (problem.params.get("code_set"), problem.params.get("value"))
        if problem.params.get("disallowed_code") and pair[0] is not None and pair not in existing:
            problem = errors.UNKNOWN_CODE(path=problem.path, value=pair[1], code_set=pair[0])
        classified.append(problem)
    return classified


def existing_codes_in_register(pairs):
    """Return the (code set URI, code value) pairs of `pairs` that the register's code tables hold."""
    # Imported here because this module is imported before Django's app registry is ready.
    from django.db.models import Q

    from ..models import Code

    query = Q()
    for code_set, value in pairs:
        query |= Q(code_set_uri=code_set, value=value)
    return set(Code.objects.filter(query).values_list("code_set_uri", "value"))
