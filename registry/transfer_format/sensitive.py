"""The sensitive data of the transfer format, listed once: what the national schema marks `@SensitiveData`.

Special-support decisions, disability, accommodation, prison education, extended compulsory
education and the like are special categories of personal data. The national schema marks each
such field with `@SensitiveData`, naming the national roles that may read it. The generated schema
keeps that mark per class and field, and this module is the register's one access point to it.
Readers without the sensitive-data right get documents from `strip_sensitive`. A write by someone
without the right can be checked by comparing `sensitive_values` of the stored and the new document.

Two more rules come from the same schema package, where the national service filters by value
instead of by annotation:

- a vocational unit's additional information (`lisätiedot`) of kind `mukautettu` (adjusted
  assessment) is sensitive;
- a basic-education subject area achievement (`PerusopetuksenToiminta_AlueenSuoritus`, studied by
  area because of special support) is sensitive as a whole.
"""

from dataclasses import dataclass
from functools import cache

from .paths import child, item
from .schema.model import CLASS, LIST, MAP, TRAIT, schema
from .schema.validator import Context, is_flattened, trait_class

# The national role that may read every sensitive field (LUOTTAMUKSELLINEN_KAIKKI_TIEDOT, "confidential: all data").
CONFIDENTIAL_ALL_DATA = "LUOTTAMUKSELLINEN_KAIKKI_TIEDOT"
ADJUSTED_ASSESSMENT_CLASS_TRAIT = "AmmatillisenTutkinnonOsanLisätiedollinen"
ADJUSTED_ASSESSMENT_CODE = "mukautettu"
ADJUSTED_ASSESSMENT_ROLES = (CONFIDENTIAL_ALL_DATA, "HSL", "MIGRI", "SUOMIFI", "SUORITUSJAKO_KATSELIJA")
SUBJECT_AREA_ACHIEVEMENT_CLASS = "PerusopetuksenToiminta_AlueenSuoritus"
SUBJECT_AREA_ROLES = (CONFIDENTIAL_ALL_DATA,)


@dataclass(frozen=True)
class SensitiveField:
    """A sensitive field of a class, the national roles that may read it, and where it first occurs in a study right."""

    class_name: str
    field: str
    roles: tuple
    path: str


@dataclass(frozen=True)
class SensitiveValue:
    """A sensitive value found in a document: a field of an object, or an item of a list."""

    path: str
    container: object
    key: object  # the field name in `container`, or the item itself when `container` is a list
    roles: tuple
    ancestors: tuple  # ids of the objects and lists that contain `container`

    @property
    def value(self):
        return self.key if isinstance(self.container, list) else self.container[self.key]


@cache
def sensitive_fields(study_right_type):
    """Return the SensitiveFields that study rights of a type can have, in the order first reached."""
    root = schema().study_right_class(study_right_type)
    if root is None:
        raise ValueError(f"The schema has no study right of type {study_right_type}.")
    found, seen, queue = {}, {root.name}, [(root, "")]
    while queue:
        spec, prefix = queue.pop(0)
        for field_spec in spec.fields.values():
            path = child(prefix, field_spec.name)
            if field_spec.sensitive_roles is not None:
                found.setdefault((spec.name, field_spec.name), SensitiveField(spec.name, field_spec.name, field_spec.sensitive_roles, path))
            for target, target_path in reachable_classes(field_spec.type, path):
                if target.name not in seen:
                    seen.add(target.name)
                    queue.append((target, target_path))
    return tuple(found.values())


def reachable_classes(value_type, path):
    if value_type.kind is LIST or value_type.kind is MAP:
        yield from reachable_classes(value_type.item, f"{path}[]")
    elif value_type.kind is CLASS:
        yield value_type.target, path
    elif value_type.kind is TRAIT:
        for alternative in value_type.target.alternatives:
            yield alternative, path


def sensitive_field_names(study_right_type):
    """Return the names of the sensitive fields of a study-right type, such as `hojks` and `vankilaopetuksessa`."""
    return frozenset(entry.field for entry in sensitive_fields(study_right_type))


def find_sensitive(study_right, study_right_type, path=""):
    """Return the SensitiveValues of a study right document, read with the classes the schema gives its objects.

    The document should have passed the structure check. The walk chooses the same classes as the
    structure check, but enters only the fields whose type can lead to a sensitive value
    (`sensitive_routes`), and checks nothing else.
    """
    root = schema().study_right_class(study_right_type)
    if root is None:
        raise ValueError(f"The schema has no study right of type {study_right_type}.")
    walk = SensitiveWalk(study_right_type)
    walk.walk_object(study_right, root, path, None, [])
    return walk.found


@cache
def sensitive_routes():
    """Return {class name: {field name: FieldSpec}} of the fields whose value can hold a sensitive value.

    Built once per process from the schema: a class leads to a sensitive value when it has a
    sensitive field, is one of the two classes filtered by value, or has a field that leads to
    such a class. Every other field is skipped by `find_sensitive`.
    """
    classes = list(schema().classes.values())
    leads = {spec.name for spec in classes if is_checked_class(spec)}
    changed = True
    while changed:
        changed = False
        for spec in classes:
            if spec.name not in leads and any(type_leads(entry.type, leads) for entry in spec.fields.values()):
                leads.add(spec.name)
                changed = True
    return {
        spec.name: {name: entry for name, entry in spec.fields.items() if type_leads(entry.type, leads)}
        for spec in classes
    }


def is_checked_class(spec):
    """Return whether objects of a class can hold sensitive values themselves: a sensitive field or a rule by value."""
    return (
        bool(spec.sensitive_fields)
        or ADJUSTED_ASSESSMENT_CLASS_TRAIT in spec.traits
        or spec.name == SUBJECT_AREA_ACHIEVEMENT_CLASS
    )


def type_leads(value_type, leads):
    """Return whether a value of this type can be, or contain, an object of one of the classes named in `leads`."""
    if value_type.kind is LIST or value_type.kind is MAP:
        return type_leads(value_type.item, leads)
    if value_type.kind is CLASS:
        return value_type.target.name in leads
    if value_type.kind is TRAIT:
        return any(alternative.name in leads for alternative in value_type.target.alternatives)
    return False


class SensitiveWalk:
    """One walk of `find_sensitive`: follows the structure check's choice of classes on the routes to sensitive values.

    `stack` contains the objects and lists that contain the current value, outermost first, as in the
    structure check, whose trait choices can look at them.
    """

    def __init__(self, study_right_type):
        self.study_right_type = study_right_type
        self.routes = sensitive_routes()
        self.found = []

    def walk_object(self, value, spec, path, field_spec, stack):
        if type(value) is not dict:
            return
        if spec.read_flattened and is_flattened(spec, value):
            flattened = next(candidate for candidate in spec.fields.values() if candidate.required)
            self.walk_object(value, flattened.type.target, path, flattened, stack)
            return
        self.add_found(value, spec, path, stack)
        routes = self.routes[spec.name]
        if not routes:
            return
        stack.append(value)
        for key, entry in value.items():
            route = routes.get(key)
            if route is not None and entry is not None:
                self.walk_value(entry, route.type, child(path, key), route, stack)
        stack.pop()

    def walk_value(self, value, value_type, path, field_spec, stack):
        kind = value_type.kind
        if kind is CLASS:
            self.walk_object(value, value_type.target, path, field_spec, stack)
        elif kind is TRAIT:
            self.walk_trait(value, value_type.target, path, field_spec, stack)
        elif kind is LIST and type(value) is list:
            stack.append(value)
            for index, entry in enumerate(value):
                self.walk_value(entry, value_type.item, item(path, index), field_spec, stack)
            stack.pop()
        elif kind is MAP and type(value) is dict:
            stack.append(value)
            for key, entry in value.items():
                self.walk_value(entry, value_type.item, child(path, key), field_spec, stack)
            stack.pop()

    def walk_trait(self, value, trait, path, field_spec, stack):
        """Walk an object of a trait as the class that the structure check reads it as."""
        if type(value) is not dict:
            return
        # The structure check's problems are not wanted here, so they go to a context of their own.
        spec = trait_class(value, trait, path, field_spec, stack, Context([], None, self.study_right_type))
        if spec is not None:
            self.walk_object(value, spec, path, field_spec, stack)

    def add_found(self, value, spec, value_path, containers):
        """Add the sensitive values of one object read as class `spec`; `containers` are the objects and lists around it."""
        sensitive = spec.sensitive_fields
        adjusted = ADJUSTED_ASSESSMENT_CLASS_TRAIT in spec.traits
        subject_area = spec.name == SUBJECT_AREA_ACHIEVEMENT_CLASS
        if not (sensitive or adjusted or subject_area):
            return
        ancestors = tuple(id(container) for container in containers)
        for field_spec in sensitive:
            if value.get(field_spec.name) is not None:
                self.found.append(SensitiveValue(
                    child(value_path, field_spec.name), value, field_spec.name, field_spec.sensitive_roles, ancestors,
                ))
        if adjusted and isinstance(value.get("lisätiedot"), list):
            information = value["lisätiedot"]
            for index, entry in enumerate(information):
                if is_adjusted_assessment(entry):
                    self.found.append(SensitiveValue(
                        item(child(value_path, "lisätiedot"), index), information, entry, ADJUSTED_ASSESSMENT_ROLES,
                        (*ancestors, id(value)),
                    ))
        if subject_area and containers and isinstance(containers[-1], list):
            self.found.append(SensitiveValue(value_path, containers[-1], value, SUBJECT_AREA_ROLES, ancestors[:-1]))


def is_adjusted_assessment(entry):
    code = entry.get("tunniste") if isinstance(entry, dict) else None
    return isinstance(code, dict) and code.get("koodiarvo") == ADJUSTED_ASSESSMENT_CODE


def sensitive_values(study_right, study_right_type):
    """Return {path: value} of the sensitive data in a study right, to compare a new version with the stored one."""
    return {found.path: found.value for found in find_sensitive(study_right, study_right_type)}


def strip_sensitive(study_right, study_right_type, roles=()):
    """Return the study right without the sensitive data that none of `roles` (national role names) may read.

    The document itself is not changed: the objects and lists on the way to a removed value are
    copied, and everything else is shared with the original.
    """
    allowed = set(roles)
    removed_fields, removed_items, touched = {}, {}, set()
    for found in find_sensitive(study_right, study_right_type):
        if allowed.intersection(found.roles):
            continue
        if isinstance(found.container, list):
            removed_items.setdefault(id(found.container), set()).add(id(found.key))
        else:
            removed_fields.setdefault(id(found.container), set()).add(found.key)
        touched.update(found.ancestors)
        touched.add(id(found.container))
    if not touched:
        return study_right
    return without(study_right, removed_fields, removed_items, touched)


def without(node, removed_fields, removed_items, touched):
    """Return `node` with the listed fields and items left out, copying only the containers in `touched`."""
    if id(node) not in touched:
        return node
    if isinstance(node, dict):
        dropped = removed_fields.get(id(node), ())
        return {
            key: without(value, removed_fields, removed_items, touched)
            for key, value in node.items()
            if key not in dropped
        }
    dropped = removed_items.get(id(node), ())
    return [without(value, removed_fields, removed_items, touched) for value in node if id(value) not in dropped]
