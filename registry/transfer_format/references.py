"""Find the code and organisation references of a document."""

from ..oids import is_organisation_oid
from .paths import child, item

CODE_VALUE = "koodiarvo"
CODE_SET = "koodistoUri"
NAME = "nimi"
SHORT_NAME = "lyhytNimi"


def is_code_reference(node):
    return isinstance(node, dict) and CODE_VALUE in node and CODE_SET in node


def is_organisation_reference(node):
    return isinstance(node, dict) and is_organisation_oid(node.get("oid"))


def walk(node, path):
    """Yield (path, node) for every object in the document, parents before children."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                yield from walk(value, child(path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, (dict, list)):
                yield from walk(value, item(path, index))


def code_references(document, path=""):
    """Yield (path, code set URI, code value, node) for each {koodiarvo, koodistoUri} object."""
    for node_path, node in walk(document, path):
        if is_code_reference(node):
            yield node_path, node[CODE_SET], node[CODE_VALUE], node


def organisation_references(document, path=""):
    """Yield (path, OID, node) for each object that names an organisation by OID."""
    for node_path, node in walk(document, path):
        if is_organisation_reference(node):
            yield node_path, node["oid"], node
