"""Paths into a learner document of the transfer format, as the data profiles name them.

A path names keys from the document's root `{"henkilö": …, "opiskeluoikeudet": […]}` joined by
dots, with `[]` after a key whose value is a list and whose every item the path continues into:
`opiskeluoikeudet[].tila.opiskeluoikeusjaksot[].alku`. A path that ends at an object or a list
names everything below it. `PathTree` turns a profile's paths into the tree the projection walks,
and `resolves_in_schema` checks a path against the national schema.
"""

from registry.transfer_format.schema.model import CLASS, LIST, MAP, TRAIT, schema

ITEM = "[]"
PERSON = "henkilö"
STUDY_RIGHTS = "opiskeluoikeudet"
# Fields that the register adds to a study right from its columns; the schema lists them as computed fields.
REGISTER_FIELDS = ("oid", "versionumero", "aikaleima", "alkamispäivä", "päättymispäivä")


def steps(path):
    """Return the keys and ITEM markers of a path: "a[].b" -> ("a", ITEM, "b")."""
    result = []
    for part in path.split("."):
        if not part:
            raise ValueError(f"Path {path!r} has an empty key.")
        name = part
        lists = 0
        while name.endswith(ITEM):
            name = name[: -len(ITEM)]
            lists += 1
        if not name or "[" in name or "]" in name:
            raise ValueError(f"Path {path!r} has a malformed key {part!r}.")
        result.append(name)
        result.extend([ITEM] * lists)
    return tuple(result)


def normalised(concrete_steps):
    """Return the profile form of a concrete location: list indexes become ITEM markers."""
    return tuple(ITEM if isinstance(step, int) else step for step in concrete_steps)


def join(path_steps):
    """Return the text form of steps: ("a", ITEM, "b") -> "a[].b"."""
    text = ""
    for step in path_steps:
        text = text + ITEM if step == ITEM else (f"{text}.{step}" if text else step)
    return text


# A node of a PathTree that keeps everything below it.
WHOLE = "whole"


class PathTree:
    """The paths of a profile as a tree: each node maps a key (or ITEM) to its child node, or to WHOLE.

    When one path is a prefix of another, the shorter one wins: it already names everything below.
    """

    def __init__(self, paths):
        self.root = {}
        for path in sorted(paths, key=lambda text: len(steps(text))):
            self._add(steps(path))

    def _add(self, path_steps):
        node = self.root
        for step in path_steps[:-1]:
            child = node.setdefault(step, {})
            if child == WHOLE:
                return
            node = child
        node[path_steps[-1]] = WHOLE

    def covers(self, path_steps):
        """Return whether a normalised location lies at or below one of the paths."""
        node = self.root
        for step in path_steps:
            if node == WHOLE:
                return True
            node = node.get(step)
            if node is None:
                return False
        return node == WHOLE

    def leads_to(self, path_steps):
        """Return whether a normalised location is on the way to a path or covered by one."""
        node = self.root
        for step in path_steps:
            if node == WHOLE:
                return True
            node = node.get(step)
            if node is None:
                return False
        return True


def resolves_in_schema(path, study_right_types):
    """Return whether `path` names a field of the national schema for at least one of the study-right types."""
    path_steps = steps(path)
    if path_steps[0] == PERSON:
        return _resolves([schema().person], path_steps[1:])
    if path_steps[:2] != (STUDY_RIGHTS, ITEM):
        return False
    rest = path_steps[2:]
    if len(rest) == 1 and rest[0] in REGISTER_FIELDS:
        return True
    classes = [schema().study_right_class(study_right_type) for study_right_type in study_right_types]
    return _resolves([spec for spec in classes if spec is not None], rest)


def _resolves(classes, path_steps):
    if not path_steps:
        return bool(classes)
    key, rest = path_steps[0], path_steps[1:]
    for spec in classes:
        field_spec = spec.fields.get(key)
        if field_spec is None:
            continue
        if _resolves_type(field_spec.type, rest):
            return True
    return False


def _resolves_type(value_type, path_steps):
    if not path_steps:
        return True
    if value_type.kind in (LIST, MAP):
        if value_type.kind == LIST and path_steps[0] != ITEM:
            return False
        return _resolves_type(value_type.item, path_steps[1:])
    if value_type.kind == CLASS:
        return _resolves([value_type.target], path_steps)
    if value_type.kind == TRAIT:
        return _resolves(list(value_type.target.alternatives), path_steps)
    return False
