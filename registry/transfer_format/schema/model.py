"""The transfer format's schema as Python objects, loaded once per process from `transfer_schema.json`.

`schema()` returns the `Schema`: each class of the national service's schema with its fields, and
each trait with the classes that implement it. `Schema.study_right_class(type)` gives the class of
a study-right type (`ammatillinenkoulutus` → `AmmatillinenOpiskeluoikeus`), read from the code
value that each study-right class allows in its `tyyppi`.
"""

import json
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SCHEMA_FILE = Path(__file__).with_name("transfer_schema.json")
CODE_CLASS = "Koodistokoodiviite"
CODE_SET = "koodistoUri"
CODE_VALUE = "koodiarvo"
STUDY_RIGHT_TRAIT = "Opiskeluoikeus"
STUDY_RIGHT_PERIOD_TRAIT = "Opiskeluoikeusjakso"
PERSON_TRAIT = "Henkilö"

# Kinds of values. Scalars compare by identity in the validator's hot loop.
STRING, INTEGER, NUMBER, BOOLEAN = "string", "integer", "number", "boolean"
DATE, DATETIME, TIMESTAMP = "date", "datetime", "timestamp"
ANY, OBJECT, ARRAY = "any", "object", "array"
LIST, MAP, CLASS, TRAIT = "list", "map", "class", "trait"


@dataclass(slots=True, eq=False)
class ValueType:
    """The JSON type of a field: a scalar kind, a list or map of a type, or a class or trait."""

    kind: str
    item: "ValueType | None" = None
    target: "ClassSpec | TraitSpec | None" = None

    def describe(self):
        """Return what a value of this type is, for messages: `a date YYYY-MM-DD`, `an object (Oppilaitos)`."""
        if self.kind in (CLASS, TRAIT):
            return gettext("an object (%(class)s)") % {"class": self.target.name}
        if self.kind == LIST:
            return gettext("a list of %(items)s") % {"items": self.item.describe_plural()}
        return str(EXPECTED[self.kind])

    def describe_plural(self):
        if self.kind in (CLASS, TRAIT):
            return gettext("%(class)s objects") % {"class": self.target.name}
        return str(EXPECTED_PLURAL.get(self.kind, _("values")))


KINDS = {kind: kind for kind in (STRING, INTEGER, NUMBER, BOOLEAN, DATE, DATETIME, TIMESTAMP, ANY, OBJECT, ARRAY)}

EXPECTED = {
    STRING: _("a string"),
    INTEGER: _("a whole number"),
    NUMBER: _("a number"),
    BOOLEAN: _("true or false"),
    DATE: _("a date YYYY-MM-DD"),
    DATETIME: _("a date and time YYYY-MM-DDThh:mm:ss"),
    TIMESTAMP: _("a timestamp with a time zone"),
    ANY: _("any JSON value"),
    OBJECT: _("an object"),
    ARRAY: _("a list"),
    MAP: _("an object"),
}
# Completes "a list of …".
EXPECTED_PLURAL = {STRING: _("strings"), INTEGER: _("whole numbers"), NUMBER: _("numbers"), DATE: _("dates")}


@dataclass(slots=True, eq=False)
class FieldSpec:
    """One field of a class, with the facts the national schema states about it."""

    name: str
    owner: str
    type: ValueType
    required: bool
    nullable: bool = False  # declared `Option[…]` or generated: absent and null are both accepted
    synthetic: bool = False
    discriminator: bool = False
    code_sets: frozenset | None = None
    code_values: frozenset | None = None
    sensitive_roles: tuple | None = None
    default: object = None
    has_default: bool = False
    min_items: int | None = None
    max_items: int | None = None
    limits: tuple = ()
    pattern: re.Pattern | None = None
    only_when: tuple = ()
    not_when: tuple = ()
    is_state: bool = False
    read_only: bool = False


@dataclass(eq=False)
class ClassSpec:
    name: str
    traits: frozenset
    fields: dict = field(default_factory=dict)
    required: frozenset = frozenset()
    only_when: tuple = ()
    not_when: tuple = ()
    conditional_fields: tuple = ()
    sensitive_fields: tuple = ()
    ignore_in_any_of: bool = False
    read_flattened: bool = False
    criteria: tuple | None = None
    relaxed_criteria: tuple | None = None
    weight: int = 0

    def __repr__(self):
        return f"ClassSpec({self.name})"


@dataclass(eq=False)
class TraitSpec:
    name: str
    alternatives: list = field(default_factory=list)
    ranked: list | None = None

    def __repr__(self):
        return f"TraitSpec({self.name})"


class Schema:
    """The classes and traits of the schema, and the study-right class of each study-right type."""

    def __init__(self, description):
        self.source = description["source"]
        self.classes = {name: ClassSpec(name, frozenset(entry["traits"])) for name, entry in description["classes"].items()}
        self.traits = {name: TraitSpec(name) for name in description["traits"]}
        for name, implementations in description["traits"].items():
            self.traits[name].alternatives = [self.classes[implementation] for implementation in implementations]
        for name, entry in description["classes"].items():
            self._fill_class(self.classes[name], entry)
        self.root = self.classes[description["root"]]
        self.study_right_classes = self._study_right_classes()
        self.person = self._merged_class(PERSON_TRAIT)

    def _fill_class(self, spec, entry):
        spec.fields = {name: self._field(spec, name, field_entry) for name, field_entry in entry["fields"].items()}
        spec.required = frozenset(name for name, field_spec in spec.fields.items() if field_spec.required)
        spec.sensitive_fields = tuple(
            field_spec for field_spec in spec.fields.values() if field_spec.sensitive_roles is not None
        )
        spec.conditional_fields = tuple(
            field_spec for field_spec in spec.fields.values() if field_spec.only_when or field_spec.not_when
        )
        spec.only_when = tuple(condition(path, value) for path, value in entry.get("onlyWhen", ()))
        spec.not_when = tuple(condition(path, value) for path, value in entry.get("notWhen", ()))
        spec.ignore_in_any_of = entry.get("ignoreInAnyOf", False)
        spec.read_flattened = entry.get("readFlattened", False)

    def _field(self, owner, name, entry):
        limits = tuple(
            (limit, entry[limit]) for limit in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if limit in entry
        )
        return FieldSpec(
            name=name,
            owner=owner.name,
            type=self._value_type(entry["type"]),
            required=not entry.get("optional", False) and "default" not in entry,
            nullable=entry.get("optional", False),
            synthetic=entry.get("synthetic", False) or entry.get("computed", False),
            discriminator=entry.get("discriminator", False),
            code_sets=frozenset(entry["codeSets"]) if "codeSets" in entry else None,
            code_values=frozenset(entry["codeValues"]) if "codeValues" in entry else None,
            sensitive_roles=tuple(entry["sensitive"]) if "sensitive" in entry else None,
            default=entry.get("default"),
            has_default="default" in entry,
            min_items=entry.get("minItems"),
            max_items=entry.get("maxItems"),
            limits=limits,
            pattern=re.compile(entry["pattern"]) if "pattern" in entry else None,
            only_when=tuple(condition(path, value) for path, value in entry.get("onlyWhen", ())),
            not_when=tuple(condition(path, value) for path, value in entry.get("notWhen", ())),
            is_state=name == "tila" and STUDY_RIGHT_PERIOD_TRAIT in owner.traits,
            read_only=entry.get("readOnly", False),
        )

    def _value_type(self, entry):
        if isinstance(entry, str):
            # The module's own constants, so the validator can compare kinds by identity.
            return ValueType(KINDS[entry])
        if "list" in entry:
            return ValueType(LIST, item=self._value_type(entry["list"]))
        if "map" in entry:
            return ValueType(MAP, item=self._value_type(entry["map"]))
        name = entry["ref"]
        if name in self.classes:
            return ValueType(CLASS, target=self.classes[name])
        return ValueType(TRAIT, target=self.traits[name])

    def _study_right_classes(self):
        classes = {}
        for spec in self.traits[STUDY_RIGHT_TRAIT].alternatives:
            for value in spec.fields["tyyppi"].code_values or ():
                classes[value] = spec
        return classes

    def _merged_class(self, trait_name):
        """Return one class with every field of the trait's implementations, all optional.

        The register identifies a learner by OID or by identity code, with or without names, so
        it checks the person's fields one by one instead of choosing one of the national classes.
        """
        merged = ClassSpec(trait_name, frozenset({trait_name}))
        for alternative in self.traits[trait_name].alternatives:
            for name, field_spec in alternative.fields.items():
                if name not in merged.fields:
                    merged.fields[name] = replace(field_spec, required=False, owner=trait_name)
        return merged

    def study_right_class(self, study_right_type):
        """Return the ClassSpec of a study-right type code, or None for a type the schema does not have."""
        return self.study_right_classes.get(study_right_type)


@dataclass(frozen=True, slots=True)
class Condition:
    """An `@OnlyWhen`/`@NotWhen` condition: the value at a relative path (`..` goes up) and the values it is compared with."""

    steps: tuple
    value: object


def condition(path, value):
    values = tuple(value) if isinstance(value, list) else value
    return Condition(tuple(path.split("/")), values)


@cache
def schema():
    """Return the Schema, read from the JSON file on first use."""
    return Schema(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
