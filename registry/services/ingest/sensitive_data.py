"""Sensitive data in writes: a writer without the sensitive-data right can neither add nor change it.

Such a writer usually reads documents with the sensitive data left out, and sends them back the
same way, so sensitive values the document leaves out are kept from the stored version.
Values are compared by content, not by position, because other achievements may have been added
or removed around them.
"""

import json

from ... import permissions
from ...transfer_format.paths import parse as parse_path
from ...transfer_format.sensitive import sensitive_values


def may_change_sensitive(user, resolved):
    owners = [resolved.institution, resolved.provider]
    if resolved.existing is not None:
        owners = [resolved.existing.institution, resolved.existing.provider]
    return any(
        permissions.has_organisation_permission(user, permissions.SENSITIVE, owner, resolved.data.type) for owner in owners
    )


def _canonical(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def new_sensitive_paths(stored_document, document, study_right_type):
    """Return the paths of sensitive values in `document` that the stored document does not hold."""
    stored = {_canonical(value) for value in sensitive_values(stored_document, study_right_type).values()} if stored_document else set()
    return sorted(
        path for path, value in sensitive_values(document, study_right_type).items() if _canonical(value) not in stored
    )


def with_stored_sensitive(stored_document, document, study_right_type):
    """Return `document` with the stored sensitive values it leaves out put back where they were.

    A value inside a list of achievements goes back into the achievement with the same type and
    module in the new document, wherever it now stands; if the document no longer has that
    achievement, the value goes with it.
    """
    sent = {_canonical(value) for value in sensitive_values(document, study_right_type).values()}
    missing = [
        (path, value)
        for path, value in sensitive_values(stored_document, study_right_type).items()
        if _canonical(value) not in sent
    ]
    if not missing:
        return document
    result = json.loads(json.dumps(document))
    for path, value in missing:
        _put(result, stored_document, parse_path(path), value)
    return result


def _identity(element):
    """Return what identifies an element of a list across versions: an achievement's type and module."""
    if isinstance(element, dict) and "koulutusmoduuli" in element:
        module = (element.get("koulutusmoduuli") or {}).get("tunniste") or {}
        return ((element.get("tyyppi") or {}).get("koodiarvo"), module.get("koodistoUri"), module.get("koodiarvo"))
    return _canonical(element)


def _put(document, stored, steps, value):
    """Set a field, or append a list item, at `steps` in `document`, following the same path in `stored`.

    Objects and lists missing on the way are created; a list element is found by its identity.
    """
    node, stored_node = document, stored
    for step, following in zip(steps, steps[1:]):
        if isinstance(step, int):
            if not isinstance(node, list) or not isinstance(stored_node, list) or step >= len(stored_node):
                return
            wanted = _identity(stored_node[step])
            matches = [element for element in node if _identity(element) == wanted]
            if len(matches) != 1:
                return
            node, stored_node = matches[0], stored_node[step]
            continue
        if not isinstance(node, dict) or not isinstance(stored_node, dict):
            return
        node = node.setdefault(step, [] if isinstance(following, int) else {})
        stored_node = stored_node.get(step)
    last = steps[-1]
    if isinstance(last, int):
        if isinstance(node, list):
            node.append(value)
    elif isinstance(node, dict):
        node[last] = value
