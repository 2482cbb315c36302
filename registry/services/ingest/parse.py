"""Step 1 of ingest: parse the body into JSON within the size and nesting limits."""

import json

from django.conf import settings
from django.utils.translation import gettext

from ... import errors
from ...errors import RegisterError


def parse_body(body):
    """Return the JSON document in `body` (bytes), or raise RegisterError with a format key."""
    limit = settings.TOR_MAX_DOCUMENT_BYTES
    if len(body) > limit:
        raise RegisterError(errors.PAYLOAD_TOO_LARGE(size=len(body), limit=limit))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RegisterError(errors.FORMAT_ENCODING(position=error.start)) from error
    text = text.removeprefix("\ufeff")

    try:
        document = json.loads(text, object_pairs_hook=_object_without_duplicate_keys, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise RegisterError(errors.FORMAT_JSON(detail=gettext("%(error)s at line %(line)s column %(column)s") % {
            "error": error.msg, "line": error.lineno, "column": error.colno,
        })) from error
    except _InvalidJSON as error:
        raise RegisterError(errors.FORMAT_JSON(detail=str(error))) from error
    except RecursionError as error:
        raise RegisterError(errors.FORMAT_DEPTH(limit=settings.TOR_MAX_DOCUMENT_DEPTH)) from error

    if nesting_depth(document) > settings.TOR_MAX_DOCUMENT_DEPTH:
        raise RegisterError(errors.FORMAT_DEPTH(limit=settings.TOR_MAX_DOCUMENT_DEPTH))
    return document


class _InvalidJSON(ValueError):
    pass


def _object_without_duplicate_keys(pairs):
    document = dict(pairs)
    if len(document) != len(pairs):
        seen = set()
        duplicate = next(key for key, _value in pairs if key in seen or seen.add(key))
        raise _InvalidJSON(gettext("the key %(key)s appears twice in one object") % {"key": repr(duplicate)})
    return document


def _reject_constant(name):
    raise _InvalidJSON(gettext("%(name)s is not a JSON number") % {"name": name})


def nesting_depth(document):
    """Return how deeply objects and lists nest in `document`: 1 for a flat object."""
    deepest = 0
    stack = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest
