"""Choose the class of a trait-typed value by the rules of the national service's schema library.

A field typed by a trait, such as `suoritukset: List[AmmatillinenPäätasonSuoritus]`, accepts any
class that implements the trait. scala-schema (vendored in the national service's repository)
picks one by criteria it derives from each class, and this module derives the same criteria:

- A class with `@Discriminator` fields must have each of them. A discriminator typed by a code
  (`tyyppi`) must also carry one of the code values and code sets its annotations allow.
- A class without discriminators must have all its required fields and no field it lacks.
- A class's `@OnlyWhen`/`@NotWhen` conditions must hold, read relative to the value (`..` is
  the parent).

Every criterion has a weight (a code value 10000, a present field 100, "no other fields" 1) and the
matching class with the greatest total weight wins. Where that is ambiguous or nothing matches, the
validator falls back to the class that fits the document best, to report its problems.
"""

from .model import CLASS, CODE_CLASS, CODE_SET, CODE_VALUE, STRING

EXISTS, ENUM, NO_OTHER, ONLY_WHEN, NOT_WHEN, ONE_OF = "exists", "enum", "no-other", "only-when", "not-when", "one-of"
WEIGHTS = {EXISTS: 100, ENUM: 10000, NO_OTHER: 1, ONLY_WHEN: 10000, NOT_WHEN: 9000}
MISSING = object()
# Nested classes that a discriminator reaches are few levels deep; this only stops a cycle.
MAX_NESTING = 8


def criteria_of(spec):
    """Return the criteria of a class as an alternative of a trait, computed once per class."""
    if spec.criteria is None:
        spec.criteria = tuple(class_criteria(spec, (), None, 0))
        spec.relaxed_criteria = tuple(relaxed(spec.criteria))
        spec.weight = sum(weight(criterion) for criterion in spec.criteria)
    return spec.criteria


def weight(criterion):
    kind, _path, payload = criterion
    if kind == ONE_OF:
        return sum(sum(weight(item) for item in alternative) for alternative in payload) // len(payload)
    return WEIGHTS[kind]


def relaxed(criteria):
    """Return the criteria without "no other fields", to find the class a document with an unknown field meant."""
    result = []
    for kind, path, payload in criteria:
        if kind == NO_OTHER:
            continue
        if kind == ONE_OF:
            payload = tuple(tuple(relaxed(alternative)) for alternative in payload)
        result.append((kind, path, payload))
    return result


def class_criteria(spec, path, restriction, depth):
    if depth > MAX_NESTING:
        raise ValueError(f"{spec.name}: discriminators nest deeper than {MAX_NESTING} levels")
    if spec.read_flattened:
        # A class read flattened may also be given as the value of its one required field.
        flattened_field = next(field for field in spec.fields.values() if field.required)
        if flattened_field.type.kind != CLASS:
            raise ValueError(f"{spec.name}: a flattened {flattened_field.type.kind} field is not supported")
        full = own_criteria(spec, path, restriction, depth)
        flattened = class_criteria(flattened_field.type.target, path, flattened_field, depth + 1)
        return [(ONE_OF, path, (tuple(full), tuple(flattened)))]
    return own_criteria(spec, path, restriction, depth)


def own_criteria(spec, path, restriction, depth):
    discriminators = [field for field in spec.fields.values() if field.discriminator]
    if discriminators:
        criteria = [criterion for field in discriminators for criterion in field_criteria(spec, field, path, restriction, depth)]
    else:
        criteria = [(NO_OTHER, path, frozenset(spec.fields))]
        criteria.extend(criterion for field in spec.fields.values() for criterion in field_criteria(spec, field, path, restriction, depth))
    if spec.only_when:
        criteria.append((ONLY_WHEN, path, spec.only_when))
    if spec.not_when:
        criteria.append((NOT_WHEN, path, spec.not_when))
    return criteria


def field_criteria(spec, field, path, restriction, depth):
    """Return the criteria one field adds; an optional field adds none unless it is a discriminator."""
    if field.nullable and not field.discriminator:
        return []
    field_path = (*path, field.name)
    if restriction is not None and field.type.kind is STRING:
        if field.name == CODE_SET and restriction.code_sets:
            return [(ENUM, field_path, restriction.code_sets)]
        if field.name == CODE_VALUE and restriction.code_values and spec.name == CODE_CLASS:
            return [(ENUM, field_path, restriction.code_values)]
    criteria = [(EXISTS, field_path, None)]
    if field.type.kind is CLASS:
        criteria.extend(class_criteria(field.type.target, field_path, field, depth + 1))
    return list(dict.fromkeys(criteria))


def ranked_alternatives(trait):
    """Return the classes that may stand for the trait, heaviest criteria first."""
    if trait.ranked is None:
        alternatives = [spec for spec in trait.alternatives if not spec.ignore_in_any_of]
        for spec in alternatives:
            criteria_of(spec)
        trait.ranked = sorted(alternatives, key=lambda spec: -spec.weight)
    return trait.ranked


def choose(trait, value, stack, *, relaxed_match=False):
    """Return the classes with the heaviest matching criteria for `value`: one, several when tied, or none.

    `stack` lists the objects and lists that contain `value`, outermost first.
    """
    best, best_weight = [], 0
    for spec in trait.ranked or ranked_alternatives(trait):
        if best and spec.weight < best_weight:
            break
        if matches(spec.relaxed_criteria if relaxed_match else spec.criteria, value, stack):
            best.append(spec)
            best_weight = spec.weight
    return best


def matches(criteria, value, stack):
    """Return whether every criterion holds; written as one loop because it runs for most objects of a document."""
    for kind, path, payload in criteria:
        found = value
        for key in path:
            found = found.get(key, MISSING) if type(found) is dict else MISSING
        if kind is EXISTS:
            if found is MISSING:
                return False
        elif kind is ENUM:
            if (found if type(found) is str else as_text(found)) not in payload:
                return False
        elif kind is NO_OTHER:
            if type(found) is not dict or not found.keys() <= payload:
                return False
        elif kind is ONLY_WHEN:
            if not any(condition_holds(condition, value, path, stack) for condition in payload):
                return False
        elif kind is NOT_WHEN:
            if any(condition_holds(condition, value, path, stack) for condition in payload):
                return False
        elif not any(matches(alternative, value, stack) for alternative in payload):
            return False
    return True


def value_at(value, path):
    for key in path:
        if type(value) is not dict:
            return MISSING
        value = value.get(key, MISSING)
    return value


def as_text(value):
    """Return a scalar as the schema library reads a string: numbers and booleans as their text."""
    if type(value) is str:
        return value
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) in (int, float):
        return str(value)
    return None


def condition_holds(condition, value, path, stack):
    """Return whether the value at the condition's path, read from `value` at `path`, equals one of its values."""
    found = navigate(stack, value, path, condition.steps)
    if isinstance(condition.value, tuple):
        return any(json_equal(found, expected) for expected in condition.value)
    return json_equal(found, condition.value)


def navigate(stack, value, path, steps):
    """Follow `path` down from `value`, then the condition's steps, where `..` moves to the enclosing object or list."""
    chain = [*stack, value]
    current = value
    for key in path:
        current = child(current, key)
        chain.append(current)
    for step in steps:
        if step == "..":
            if chain:
                chain.pop()
            current = chain[-1] if chain else MISSING
        else:
            current = child(current, step)
            chain.append(current)
    return current


def child(value, key):
    if type(value) is dict:
        return value.get(key, MISSING)
    if type(value) is list and key.isdigit() and int(key) < len(value):
        return value[int(key)]
    return MISSING


def json_equal(found, expected):
    """Compare as the schema library does: a missing value equals null, and true is not 1."""
    if found is MISSING:
        found = None
    if type(found) is bool or type(expected) is bool:
        return type(found) is type(expected) and found == expected
    return found == expected


def enum_mismatch(trait, value):
    """Return (path, value, allowed values) of a code that no alternative allows, or None.

    When no class matches, the usual reason is a code value that none of them accepts, such as an
    achievement `tyyppi` that belongs to another study-right type. This finds that code and the
    union of the values the alternatives allow there.
    """
    allowed_by_path = {}
    for spec in ranked_alternatives(trait):
        for kind, path, payload in spec.criteria:
            if kind == ENUM:
                allowed_by_path.setdefault(path, set()).update(payload)
    for path, allowed in allowed_by_path.items():
        found = value_at(value, path)
        if found is not MISSING and as_text(found) not in allowed:
            return path, found, allowed
    return None
