"""Rule-test documents: a real sample with its own learner and one field changed."""

import copy

from tests import samples

# Value for `changed` that removes the field instead of setting it.
REMOVE = object()


def sample_document(name):
    """Return the sample `name` as a document of a new learner."""
    return samples.with_own_learner(samples.load(name))


def changed(name, path, value, study_right=0):
    """Return the sample `name` with the field at `path` (keys and indexes below the study right) set to `value`."""
    document = sample_document(name)
    set_field(document["opiskeluoikeudet"][study_right], path, value)
    return document


def set_field(node, path, value):
    for key in path[:-1]:
        node = node[key]
    if value is REMOVE:
        del node[path[-1]]
    else:
        node[path[-1]] = copy.deepcopy(value)


def field(document, path, study_right=0):
    node = document["opiskeluoikeudet"][study_right]
    for key in path:
        node = node[key]
    return node
