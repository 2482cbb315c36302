"""Extract the transfer format's schema from the national service's Scala source into `transfer_schema.json`.

    python -m registry.transfer_format.schema.extract KOSKI_REPOSITORY REVISION

KOSKI_REPOSITORY is a clone or bare mirror of github.com/Opetushallitus/koski and REVISION a
commit in it. The script reads the case classes and traits of `src/main/scala/fi/oph/koski/schema/`
at that commit. It applies the rules by which the service's schema library (scala-schema, vendored
in the same repository) turns them into a JSON schema. The output holds only facts: each class's
fields with their JSON type, optionality, code sets, allowed code values, sensitivity and the
discrimination annotations, and each trait's implementing classes. No Scala text is copied.

The rules applied, as scala-schema implements them at the pinned revision:

- A case class's fields are its constructor parameters plus the members marked `@SyntheticProperty`
  (always optional). `Option[T]` is optional; every other field is required unless it has a
  `@DefaultValue`.
- The annotations of a field include those of every same-named member of the class's traits, so a
  `@KoodistoUri` or `@SensitiveData` declared on a trait member applies to every class that has it.
- A field typed by a trait accepts any concrete class that extends the trait.
"""

import argparse
import json
import subprocess
import sys
from collections import deque
from pathlib import Path

from .scala_source import Reference, read_definitions

SCHEMA_DIRECTORY = "src/main/scala/fi/oph/koski/schema/"
ROOT_CLASS = "Oppija"
OUTPUT = Path(__file__).with_name("transfer_schema.json")
FORMAT_VERSION = 1

# JSON types of the Scala and Java types the schema uses, as scala-schema maps them.
SCALAR_TYPES = {
    "String": "string",
    "Boolean": "boolean",
    "Int": "integer",
    "Integer": "integer",
    "Long": "integer",
    "BigInt": "integer",
    "Double": "number",
    "Float": "number",
    "BigDecimal": "number",
    "LocalDate": "date",
    "LocalDateTime": "datetime",
    "ZonedDateTime": "timestamp",
    "OffsetDateTime": "timestamp",
    "Timestamp": "timestamp",
    "DateTime": "timestamp",
    "JValue": "any",
    "JObject": "object",
    "JArray": "array",
}
LIST_TYPES = frozenset({"List", "Seq", "Vector", "Set", "Iterable", "Array"})
OPTIONAL_TYPES = frozenset({"Option"})
ANNOTATION_FLAGS = {"ReadOnly": "readOnly", "RedundantData": "redundant", "Deprecated": "deprecated"}
NUMBER_LIMITS = {
    "MinValue": "minimum",
    "MaxValue": "maximum",
    "MinValueExclusive": "exclusiveMinimum",
    "MaxValueExclusive": "exclusiveMaximum",
}


class ExtractionError(ValueError):
    """The source contains something the extractor cannot describe; the message names the place."""


def read_sources(repository, revision):
    """Return (commit hash, {file name: source}) of the schema package at `revision`."""
    git = ["git", "-C", str(repository)]
    commit = subprocess.run(
        [*git, "rev-parse", "--verify", f"{revision}^{{commit}}"], check=True, capture_output=True, text=True,
    ).stdout.strip()
    listing = subprocess.run(
        [*git, "ls-tree", "-r", "-z", "--name-only", commit, "--", SCHEMA_DIRECTORY],
        check=True, capture_output=True,
    ).stdout.decode("utf-8")
    names = [name for name in listing.split("\0") if name.endswith(".scala")]
    request = "".join(f"{commit}:{name}\n" for name in names).encode("utf-8")
    output = subprocess.run([*git, "cat-file", "--batch"], input=request, check=True, capture_output=True).stdout

    sources, position = {}, 0
    for name in names:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        start = header_end + 1
        sources[name[len(SCHEMA_DIRECTORY):]] = output[start:start + size].decode("utf-8")
        position = start + size + 1
    return commit, sources


class SchemaModel:
    """The definitions of the schema package, indexed, with the rules that give each class its fields."""

    def __init__(self, definitions):
        self.classes, self.traits, self.objects = {}, {}, {}
        for definition in definitions:
            table = {"class": self.classes, "trait": self.traits, "object": self.objects}[definition.kind]
            if definition.name in table:
                raise ExtractionError(f"{definition.file}:{definition.line}: {definition.name} is defined twice")
            table[definition.name] = definition
        self._base_traits = {}
        self._implementations = None

    def base_traits(self, name):
        """Return the names of every trait that the class or trait `name` extends, nearest first."""
        if name not in self._base_traits:
            definition = self.classes.get(name) or self.traits[name]
            found, queue = [], deque(definition.parents)
            while queue:
                parent = queue.popleft()
                if parent in self.traits and parent not in found:
                    found.append(parent)
                    queue.extend(self.traits[parent].parents)
            self._base_traits[name] = found
        return self._base_traits[name]

    def implementations(self, trait):
        """Return the concrete classes that extend `trait`, sorted by name."""
        if self._implementations is None:
            self._implementations = {name: [] for name in self.traits}
            for name, definition in sorted(self.classes.items()):
                if definition.is_abstract:
                    continue
                for base in self.base_traits(name):
                    self._implementations[base].append(name)
            for name, definition in self.objects.items():
                extended = [parent for parent in definition.parents if parent in self.traits]
                if extended:
                    raise ExtractionError(f"{definition.file}:{definition.line}: object {name} extends {extended}")
        return self._implementations[trait]

    def resolve(self, value, where):
        """Return an annotation argument with `Object.constant` and `Object.constant.koodiarvo` replaced by their text."""
        if isinstance(value, list):
            return [self.resolve(item, where) for item in value]
        if not isinstance(value, Reference):
            return value
        parts = value.path.split(".")
        if parts[-1] == "koodiarvo":
            parts = parts[:-1]
        if len(parts) == 2 and parts[0] in self.objects:
            constant = self.objects[parts[0]].constants.get(parts[1])
            if constant is not None:
                return constant
        raise ExtractionError(f"{where}: cannot resolve {value.path}")

    def json_type(self, expression, where):
        """Return (JSON type, optional) of a type expression."""
        name = self.dealias(expression.name, where)
        if isinstance(name, tuple):
            return name
        simple = name.rsplit(".", 1)[-1]
        if simple in OPTIONAL_TYPES:
            inner, _optional = self.json_type(expression.arguments[0], where)
            return inner, True
        if simple == "Some":
            return self.json_type(expression.arguments[0], where)
        if simple in LIST_TYPES:
            inner, _optional = self.json_type(expression.arguments[0], where)
            return {"list": inner}, False
        if simple == "Map":
            if expression.arguments[0].name != "String":
                raise ExtractionError(f"{where}: map keys must be strings, not {expression.arguments[0]}")
            inner, _optional = self.json_type(expression.arguments[1], where)
            return {"map": inner}, False
        if simple in SCALAR_TYPES:
            return SCALAR_TYPES[simple], False
        if simple in self.classes or simple in self.traits:
            return {"ref": simple}, False
        raise ExtractionError(f"{where}: unknown type {expression}")

    def dealias(self, name, where):
        """Return the name a type alias such as `Henkilö.Oid` stands for, as (JSON type, optional) if resolved."""
        if "." in name:
            owner, alias = name.rsplit(".", 1)
            definition = self.objects.get(owner)
            if definition is not None and alias in definition.aliases:
                return self.json_type(definition.aliases[alias], where)
        return name

    def fields(self, name):
        """Return the fields of the concrete class `name` as {field name: description}, in declaration order."""
        definition = self.classes[name]
        traits = [self.traits[trait] for trait in self.base_traits(name)]
        fields = {}
        for parameter in definition.parameters:
            where = f"{definition.file}:{definition.line} {name}.{parameter.name}"
            json_type, optional = self.json_type(parameter.type, where)
            annotations = list(parameter.annotations) + inherited_annotations(traits, parameter.name)
            fields[parameter.name] = self.describe_field(json_type, optional, annotations, where)

        for member_name, members in self.generated_members(definition, traits).items():
            if member_name in fields:
                continue
            annotations = [annotation for member in members for annotation in member.annotations]
            where = f"{definition.file}:{definition.line} {name}.{member_name}"
            typed = next((member for member in members if member.type is not None), None)
            json_type = self.json_type(typed.type, where)[0] if typed is not None else "any"
            entry = self.describe_field(json_type, True, annotations, where)
            entry["computed" if any(a.name == "ComputedProperty" for a in annotations) else "synthetic"] = True
            fields[member_name] = entry
        return fields

    def generated_members(self, definition, traits):
        """Return the members marked `@SyntheticProperty` or `@ComputedProperty`, with their same-named members."""
        owners = [definition, *traits]
        generated = {
            member.name
            for owner in owners
            for member in owner.members
            if any(annotation.name in ("SyntheticProperty", "ComputedProperty") for annotation in member.annotations)
        }
        return {
            name: [member for owner in owners for member in owner.members if member.name == name]
            for name in sorted(generated)
        }

    def describe_field(self, json_type, optional, annotations, where):
        entry = {"type": json_type}
        if optional:
            entry["optional"] = True
        for annotation in annotations:
            self.apply_annotation(entry, annotation, where)
        if "codeValues" in entry and code_class(json_type) != "Koodistokoodiviite":
            # scala-schema would apply the values to codes nested inside another class; the validator does not.
            raise ExtractionError(f"{where}: @KoodistoKoodiarvo on a field of type {json_type} is not supported")
        return entry

    def apply_annotation(self, entry, annotation, where):
        name = annotation.name
        if name == "SensitiveData":
            roles = annotation.arguments[0] if annotation.arguments else []
            entry["sensitive"] = sorted({role.path.rsplit(".", 1)[-1] for role in roles})
            return
        arguments = self.resolve(annotation.arguments, where)
        if name == "KoodistoUri":
            add_unique(entry, "codeSets", annotation.named.get("koodistoUri", arguments[0] if arguments else None))
        elif name == "KoodistoKoodiarvo":
            add_unique(entry, "codeValues", annotation.named.get("arvo", arguments[0] if arguments else None))
        elif name == "Discriminator":
            entry["discriminator"] = True
        elif name == "DefaultValue":
            entry["default"] = arguments[0]
        elif name in ("MinItems", "MaxItems"):
            entry["minItems" if name == "MinItems" else "maxItems"] = arguments[0]
        elif name in NUMBER_LIMITS:
            entry[NUMBER_LIMITS[name]] = arguments[0]
        elif name == "RegularExpression":
            entry["pattern"] = arguments[0]
        elif name in ("OnlyWhen", "NotWhen"):
            entry.setdefault("onlyWhen" if name == "OnlyWhen" else "notWhen", []).append(list(arguments))
        elif name in ANNOTATION_FLAGS:
            entry[ANNOTATION_FLAGS[name]] = True

    def class_entry(self, name):
        definition = self.classes[name]
        annotations = list(definition.annotations) + [
            annotation for trait in self.base_traits(name) for annotation in self.traits[trait].annotations
        ]
        entry = {"traits": sorted(self.base_traits(name)), "fields": self.fields(name)}
        where = f"{definition.file}:{definition.line} {name}"
        for annotation in annotations:
            if annotation.name in ("OnlyWhen", "NotWhen"):
                key = "onlyWhen" if annotation.name == "OnlyWhen" else "notWhen"
                entry.setdefault(key, []).append(self.resolve(annotation.arguments, where))
            elif annotation.name == "IgnoreInAnyOfDeserialization":
                entry["ignoreInAnyOf"] = True
            elif annotation.name == "ReadFlattened":
                entry["readFlattened"] = True
            elif annotation.name == "Flatten":
                raise ExtractionError(f"{definition.file}:{definition.line}: @Flatten on {name} is not supported")
        return entry


def inherited_annotations(traits, member_name):
    return [
        annotation
        for trait in traits
        for member in trait.members
        if member.name == member_name
        for annotation in member.annotations
    ]


def add_unique(entry, key, value):
    if not isinstance(value, str):
        raise ExtractionError(f"{key} needs a string, got {value!r}")
    values = entry.setdefault(key, [])
    if value not in values:
        values.append(value)


def code_class(json_type):
    """Return the class a field refers to, through lists and maps, or None for a scalar."""
    while isinstance(json_type, dict) and "ref" not in json_type:
        json_type = json_type.get("list") or json_type.get("map")
    return json_type["ref"] if isinstance(json_type, dict) else None


def referenced_names(json_type):
    if isinstance(json_type, dict):
        if "ref" in json_type:
            yield json_type["ref"]
        for key in ("list", "map"):
            if key in json_type:
                yield from referenced_names(json_type[key])


def extract(sources, commit):
    """Return the schema description of the classes reachable from the document root."""
    definitions = []
    for file, source in sorted(sources.items()):
        definitions.extend(read_definitions(source, file))
    model = SchemaModel(definitions)

    classes, traits = {}, {}
    queue = deque([ROOT_CLASS])
    while queue:
        name = queue.popleft()
        if name in classes or name in traits:
            continue
        if name in model.traits:
            traits[name] = model.implementations(name)
            queue.extend(traits[name])
            continue
        classes[name] = model.class_entry(name)
        for field_entry in classes[name]["fields"].values():
            queue.extend(referenced_names(field_entry["type"]))

    return {
        "format": FORMAT_VERSION,
        "source": {"repository": "Opetushallitus/koski", "revision": commit, "path": SCHEMA_DIRECTORY.rstrip("/")},
        "root": ROOT_CLASS,
        "classes": dict(sorted(classes.items())),
        "traits": dict(sorted(traits.items())),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repository", help="path of a clone or bare mirror of the Opetushallitus/koski repository")
    parser.add_argument("revision", help="commit, tag or branch to read the schema from")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"file to write (default: {OUTPUT})")
    arguments = parser.parse_args(argv)

    commit, sources = read_sources(arguments.repository, arguments.revision)
    schema = extract(sources, commit)
    text = json.dumps(schema, ensure_ascii=False, indent=1) + "\n"
    arguments.output.write_text(text, encoding="utf-8")
    print(
        f"Wrote {arguments.output}: {len(schema['classes'])} classes and {len(schema['traits'])} traits "
        f"from {len(sources)} files at {commit}.",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
