"""Paths that name a place in a document in error messages: `opiskeluoikeudet[0].tila.opiskeluoikeusjaksot[1]`."""


def child(path, key):
    return f"{path}.{key}" if path else key


def item(path, index):
    return f"{path}[{index}]"


def json_pointer(*parts):
    """Return an RFC 6901 JSON pointer of the given keys and indexes."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "/" + "/".join(escaped) if parts else ""


def parse(path):
    """Return the keys and indexes of a path written by `child` and `item`: "a.b[2].c" -> ["a", "b", 2, "c"]."""
    steps = []
    for part in path.split("."):
        name, _, rest = part.partition("[")
        if name:
            steps.append(name)
        while rest:
            index, _, rest = rest.partition("]")
            steps.append(int(index))
            rest = rest.removeprefix("[")
    return steps
