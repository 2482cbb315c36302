"""Check a study right against the national schema: fields, JSON types, dates, code sets and states.

The walk starts from the class of the study right's type and follows the document. Each problem is
an `Error` with the path of the value at fault: `badRequest.validation.jsonSchema` for a wrong
structure and `badRequest.format.date` for an invalid date. The register is stricter than the
national service in one respect. The service reads the string "5" as a number and the number 5 as
a string, but the register rejects both, because a provider system that sends them is broken.

A code outside the values its field allows is reported as `jsonSchema` with the extra parameters
`disallowed_code`, `code_set` and `value`. With them the caller can tell a code that does not exist
at all (`koodisto.tuntematonKoodi`) from one the field does not accept.

Problem texts are translated when the problem is found, into the language active then: in the API,
the caller's (Accept-Language).
"""

import datetime
import json
import re

from django.utils.translation import gettext, ngettext, pgettext

from ... import errors
from ..paths import child, item
from .discrimination import MISSING, choose, condition_holds, enum_mismatch, json_equal, ranked_alternatives, value_at
from .model import (
    ANY, ARRAY, BOOLEAN, CLASS, CODE_CLASS, CODE_SET, CODE_VALUE, DATE, DATETIME, INTEGER, LIST, MAP, NUMBER, OBJECT,
    STRING, TIMESTAMP, TRAIT, schema,
)

DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATETIME_PATTERN = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?)")
TIMESTAMP_PATTERN = re.compile(DATETIME_PATTERN.pattern + r"(Z|[+-][0-9]{2}:[0-9]{2})")
# Messages list at most this many allowed values, so that a list of every achievement type stays readable.
MAX_LISTED_VALUES = 25


class Context:
    """The state of one walk: the problems found, the study right's type and an optional visitor."""

    __slots__ = ("problems", "visit", "study_right_type")

    def __init__(self, problems, visit, study_right_type):
        self.problems = problems
        self.visit = visit
        self.study_right_type = study_right_type


def validate_study_right(study_right, study_right_type, path, *, containers=(), visit=None):
    """Return the problems of one study right of a supported type as a list of `Error`s.

    `containers` are the objects and lists that contain the study right, outermost first, for the
    schema's conditions that look upwards. `visit(value, spec, path, containers)` is called for
    every object with the ClassSpec it was checked against, before its fields are checked.
    """
    spec = schema().study_right_class(study_right_type)
    context = Context([], visit, study_right_type)
    check_object(study_right, spec, path, None, list(containers), context)
    return context.problems


def validate_person(person, path):
    """Return the problems of `henkilö`: unknown fields and wrong types, with every field optional."""
    context = Context([], None, None)
    check_object(person, schema().person, path, None, [], context)
    return context.problems


# Flags that the national service reads beside the schema at the top of a document, and honours only
# in its test environment (skip validation, drop person details). The register accepts and ignores them.
TEST_ENVIRONMENT_FLAGS = frozenset({"ignoreKoskiValidator", "cleanForTesting"})


def unknown_root_fields(document):
    """Return the problems of fields beside `henkilö` and `opiskeluoikeudet` at the top of a document."""
    root = schema().root
    return [
        errors.JSON_SCHEMA(path=key, problem=unknown_field(key, root.name))
        for key, value in document.items()
        if key not in root.fields and key not in TEST_ENVIRONMENT_FLAGS and value is not None
    ]


def check_value(value, value_type, path, field, stack, context):
    kind = value_type.kind
    if kind is CLASS:
        check_object(value, value_type.target, path, field, stack, context)
    elif kind is TRAIT:
        check_trait(value, value_type.target, path, field, stack, context)
    elif kind is LIST:
        if type(value) is not list:
            wrong_type(value, value_type, path, context)
            return
        if field.min_items is not None and len(value) < field.min_items:
            schema_problem(context, path, ngettext(
                "needs at least %(limit)s item, got %(count)s", "needs at least %(limit)s items, got %(count)s",
                field.min_items,
            ) % {"limit": field.min_items, "count": len(value)})
        if field.max_items is not None and len(value) > field.max_items:
            schema_problem(context, path, ngettext(
                "allows at most %(limit)s item, got %(count)s", "allows at most %(limit)s items, got %(count)s",
                field.max_items,
            ) % {"limit": field.max_items, "count": len(value)})
        item_type = value_type.item
        stack.append(value)
        for index, entry in enumerate(value):
            check_value(entry, item_type, item(path, index), field, stack, context)
        stack.pop()
    elif kind is STRING:
        if type(value) is not str:
            wrong_type(value, value_type, path, context)
        elif not value:
            schema_problem(context, path, gettext("empty string: leave the field out or send a value"))
        elif field.pattern is not None and field.pattern.fullmatch(value) is None:
            schema_problem(context, path, gettext("%(value)s does not match the pattern %(pattern)s") % {
                "value": describe(value), "pattern": field.pattern.pattern,
            })
    elif kind is DATE:
        if type(value) is not str:
            wrong_type(value, value_type, path, context)
        elif not is_date(value):
            context.problems.append(errors.FORMAT_DATE(path=path, value=value))
    elif kind is BOOLEAN:
        if type(value) is not bool:
            wrong_type(value, value_type, path, context)
    elif kind is INTEGER or kind is NUMBER:
        check_number(value, value_type, path, field, context)
    elif kind is DATETIME or kind is TIMESTAMP:
        if type(value) is not str or not is_date_time(value, zoned=kind is TIMESTAMP):
            wrong_type(value, value_type, path, context)
    elif kind is MAP:
        if type(value) is not dict:
            wrong_type(value, value_type, path, context)
            return
        stack.append(value)
        for key, entry in value.items():
            check_value(entry, value_type.item, child(path, key), field, stack, context)
        stack.pop()
    elif kind is OBJECT or kind is ARRAY:
        if type(value) is not (dict if kind is OBJECT else list):
            wrong_type(value, value_type, path, context)
    elif kind is not ANY:
        raise ValueError(f"{path}: unknown kind of value {kind}")


def check_number(value, value_type, path, field, context):
    if value_type.kind is INTEGER:
        valid = type(value) is int
    else:
        valid = type(value) is int or type(value) is float
    if not valid:
        wrong_type(value, value_type, path, context)
        return
    for limit, bound in field.limits:
        if (
            limit == "minimum" and value < bound
            or limit == "maximum" and value > bound
            or limit == "exclusiveMinimum" and value <= bound
            or limit == "exclusiveMaximum" and value >= bound
        ):
            message = {
                "minimum": gettext("%(value)s is out of range: use a number at least %(bound)s"),
                "maximum": gettext("%(value)s is out of range: use a number at most %(bound)s"),
                "exclusiveMinimum": gettext("%(value)s is out of range: use a number over %(bound)s"),
                "exclusiveMaximum": gettext("%(value)s is out of range: use a number under %(bound)s"),
            }[limit]
            schema_problem(context, path, message % {"value": json.dumps(value), "bound": json.dumps(bound)})


def check_object(value, spec, path, field, stack, context):
    """Check an object against a class; `field` is the field it is the value of, with its code restrictions."""
    if type(value) is not dict:
        schema_problem(context, path, expected_object(spec.name, value))
        return
    if spec.read_flattened and is_flattened(spec, value):
        flattened = next(candidate for candidate in spec.fields.values() if candidate.required)
        check_object(value, flattened.type.target, path, flattened, stack, context)
        return
    if spec.conditional_fields:
        check_conditions(value, spec, path, stack, context)
    if context.visit is not None:
        context.visit(value, spec, path, stack)

    fields = spec.fields
    required_present = 0
    stack.append(value)
    for key, entry in value.items():
        field_spec = fields.get(key)
        if field_spec is None:
            # The national service ignores an unknown field whose value is null, and so does the register.
            if entry is not None:
                schema_problem(context, child(path, key), unknown_field(key, spec.name))
            continue
        if field_spec.required:
            required_present += 1
        if entry is None:
            if field_spec.required:
                schema_problem(context, child(path, key), gettext("missing: %(class)s requires %(field)s, got null") % {
                    "class": spec.name, "field": key,
                })
            continue

        # Scalars are checked in place, and their path is built only for a problem, because most values are scalars.
        value_type = field_spec.type
        kind = value_type.kind
        if kind is STRING:
            if type(entry) is not str or not entry or field_spec.pattern is not None:
                check_value(entry, value_type, child(path, key), field_spec, stack, context)
        elif kind is CLASS:
            check_object(entry, value_type.target, child(path, key), field_spec, stack, context)
        elif kind is DATE:
            if type(entry) is not str or not is_date(entry):
                check_value(entry, value_type, child(path, key), field_spec, stack, context)
        elif kind is BOOLEAN:
            if type(entry) is not bool:
                check_value(entry, value_type, child(path, key), field_spec, stack, context)
        else:
            check_value(entry, value_type, child(path, key), field_spec, stack, context)
    stack.pop()

    if required_present < len(spec.required):
        missing = spec.required.difference(value)
        for name in (name for name in fields if name in missing):
            schema_problem(context, child(path, name), gettext("missing: %(class)s requires %(field)s") % {
                "class": spec.name, "field": name,
            })
    if field is not None and (field.code_sets is not None or field.code_values is not None):
        check_code(value, spec, path, field, context)


def check_conditions(value, spec, path, stack, context):
    """Check the `@OnlyWhen`/`@NotWhen` conditions of the fields present, such as keskiarvo only for some suoritustapa."""
    for field_spec in spec.conditional_fields:
        entry = value.get(field_spec.name)
        if entry is None or field_spec.has_default and json_equal(entry, field_spec.default):
            continue
        if field_spec.only_when and not any(condition_holds(condition, value, (), stack) for condition in field_spec.only_when):
            conditions = alternatives(condition_text(condition) for condition in field_spec.only_when)
            schema_problem(context, child(path, field_spec.name), gettext("allowed only when %(conditions)s") % {
                "conditions": conditions,
            })
        for condition in field_spec.not_when:
            if condition_holds(condition, value, (), stack):
                schema_problem(context, child(path, field_spec.name), gettext("not allowed when %(condition)s") % {
                    "condition": condition_text(condition),
                })


def check_code(value, spec, path, field, context):
    """Check a code against the code sets and code values its field allows."""
    code_set = value.get(CODE_SET)
    if field.code_sets is not None and type(code_set) is str and code_set not in field.code_sets:
        schema_problem(
            context, child(path, CODE_SET), gettext("code set %(code_set)s is not allowed here: use %(allowed)s") % {
                "code_set": code_set, "allowed": listing(field.code_sets),
            },
        )
        return
    if field.code_values is not None and spec.name == CODE_CLASS:
        code = value.get(CODE_VALUE)
        if type(code) is str and code not in field.code_values:
            disallowed_code(context, path, code_set, code, field.code_values, is_state=field.is_state)


def check_trait(value, trait, path, field, stack, context):
    """Check an object against the class of the trait that it matches, as the national service chooses it."""
    if type(value) is not dict:
        schema_problem(context, path, expected_object(trait.name, value))
        return
    spec = trait_class(value, trait, path, field, stack, context)
    if spec is not None:
        check_object(value, spec, path, field, stack, context)


def trait_class(value, trait, path, field, stack, context):
    """Return the class that an object of a trait is read as, or None after reporting a code no alternative allows."""
    candidates = choose(trait, value, stack)
    if len(candidates) == 1:
        return candidates[0]

    if not candidates:
        candidates = choose(trait, value, stack, relaxed_match=True)
    if not candidates:
        mismatch = enum_mismatch(trait, value)
        if mismatch is not None:
            report_enum_mismatch(value, path, mismatch, context)
            return None
        candidates = ranked_alternatives(trait)
    return best_fit(value, candidates, path, field, stack, context)


def best_fit(value, candidates, path, field, stack, context):
    """Return the candidate class with the fewest problems, the first of equals; used only for invalid or ambiguous input."""
    best, fewest = candidates[0], None
    for candidate in candidates:
        trial = Context([], None, context.study_right_type)
        check_object(value, candidate, path, field, stack, trial)
        if fewest is None or len(trial.problems) < fewest:
            best, fewest = candidate, len(trial.problems)
        if fewest == 0:
            break
    return best


def report_enum_mismatch(value, path, mismatch, context):
    code_path, found, allowed = mismatch
    container_path = path
    for key in code_path[:-1]:
        container_path = child(container_path, key)
    if code_path[-1] == CODE_VALUE and type(found) is str:
        code = value_at(value, code_path[:-1])
        disallowed_code(context, container_path, code.get(CODE_SET) if type(code) is dict else None, found, allowed)
    else:
        schema_problem(
            context, child(container_path, code_path[-1]),
            gettext("%(value)s is not allowed here: use one of %(allowed)s") % {
                "value": describe(found), "allowed": listing(allowed),
            },
        )


def disallowed_code(context, path, code_set, code, allowed, *, is_state=False):
    if is_state:
        problem = gettext(
            "state %(code)s is not allowed for study rights of type %(type)s: use one of %(allowed)s"
        ) % {"code": code, "type": context.study_right_type, "allowed": listing(allowed)}
    else:
        problem = gettext("code %(code)s is not allowed here: use one of %(allowed)s") % {
            "code": code, "allowed": listing(allowed),
        }
    context.problems.append(errors.JSON_SCHEMA(
        path=path, problem=problem, disallowed_code=True, code_set=code_set, value=code,
    ))


def is_flattened(spec, value):
    """Return whether an object of a class read flattened (Osaamisalajakso) is given as its one required field."""
    flattened = next(candidate for candidate in spec.fields.values() if candidate.required)
    return flattened.name not in value and (CODE_SET in value or CODE_VALUE in value)


def wrong_type(value, value_type, path, context):
    schema_problem(context, path, gettext("expected %(expected)s, got %(value)s") % {
        "expected": value_type.describe(), "value": describe(value),
    })


def schema_problem(context, path, problem):
    context.problems.append(errors.JSON_SCHEMA(path=path, problem=problem))


def unknown_field(name, class_name):
    return gettext("unknown field %(field)s: not in %(class)s") % {"field": name, "class": class_name}


def expected_object(class_name, value):
    return gettext("expected an object (%(class)s), got %(value)s") % {"class": class_name, "value": describe(value)}


def condition_text(condition):
    """Return a schema condition as a message states it: `suoritustapa.koodiarvo is "reformi" or "ops"`."""
    if isinstance(condition.value, tuple):
        shown = alternatives(json.dumps(value, ensure_ascii=False) for value in condition.value)
    else:
        shown = json.dumps(condition.value)
    return gettext("%(path)s is %(value)s") % {"path": ".".join(condition.steps), "value": shown}


def alternatives(texts):
    """Join texts with the active language's "or": `"a" or "b"`."""
    return " {} ".format(pgettext("between alternatives", "or")).join(texts)


def describe(value):
    """Return a value as a message names it: `the string "5"`, `the number 5`, `an object`."""
    if value is None or value is MISSING:
        return "null"
    if type(value) is str:
        shown = value if len(value) <= 60 else value[:57] + "…"
        return gettext("the string %(text)s") % {"text": json.dumps(shown, ensure_ascii=False)}
    if type(value) is bool:
        return gettext("the boolean true") if value else gettext("the boolean false")
    if type(value) in (int, float):
        return gettext("the number %(number)s") % {"number": json.dumps(value)}
    if type(value) is dict:
        return gettext("an object")
    return gettext("a list")


def listing(values):
    ordered = sorted(values)
    if len(ordered) > MAX_LISTED_VALUES:
        more = len(ordered) - MAX_LISTED_VALUES
        return ngettext("%(values)s and %(count)s more", "%(values)s and %(count)s more", more) % {
            "values": ", ".join(ordered[:MAX_LISTED_VALUES]), "count": more,
        }
    return ", ".join(ordered)


def is_date(text):
    """Return whether `text` is a real calendar date YYYY-MM-DD."""
    if DATE_PATTERN.fullmatch(text) is None:
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_date_time(text, *, zoned):
    """Return whether `text` is a date and time YYYY-MM-DDThh:mm[:ss[.fraction]], with a zone when `zoned`."""
    match = (TIMESTAMP_PATTERN if zoned else DATETIME_PATTERN).fullmatch(text)
    if match is None:
        return False
    date_part, time_part = match.group(1), match.group(2)
    if "." in time_part:
        whole, fraction = time_part.split(".")
        time_part = f"{whole}.{fraction[:6].ljust(6, '0')}"
    try:
        datetime.date.fromisoformat(date_part)
        datetime.time.fromisoformat(time_part)
    except ValueError:
        return False
    return True
