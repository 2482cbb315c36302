"""The national service's sample documents as test input, each given a learner of its own."""

import copy
import json

from registry.transfer_format.structure import SUPPORTED_TYPES
from tests.conftest import SAMPLES
from tests.factories import synthetic_identity_code

KOSKI = SAMPLES / "koski"
# The one sample that links to a study right the register does not hold.
LINKED_TO_UNKNOWN = "ammatillinen-sisaltyytoisenoppilaitoksenopiskeluoikeuteen.json"


def load(name):
    return json.loads((KOSKI / name).read_text(encoding="utf-8"))


def supported_sample_names():
    """Return the names of the samples whose study rights are all of a supported type, except the linked one."""
    names = []
    for path in sorted(KOSKI.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        types = {study_right["tyyppi"]["koodiarvo"] for study_right in document["opiskeluoikeudet"]}
        if types <= set(SUPPORTED_TYPES) and path.name != LINKED_TO_UNKNOWN:
            names.append(path.name)
    return names


def unsupported_sample_names():
    supported = set(supported_sample_names()) | {LINKED_TO_UNKNOWN}
    return [path.name for path in sorted(KOSKI.glob("*.json")) if path.name not in supported]


def with_own_learner(document, identity_code=None):
    """Return a copy of `document` whose henkilö is a new person: a fresh identity code, the sample's names."""
    document = copy.deepcopy(document)
    person = document["henkilö"]
    document["henkilö"] = {
        "hetu": identity_code or synthetic_identity_code(),
        "etunimet": person.get("etunimet") or "Oili",
        "kutsumanimi": person.get("kutsumanimi") or "Oili",
        "sukunimi": person.get("sukunimi") or "Oidinen",
    }
    return document


def names_learner_by_oid_only(document):
    return set(document["henkilö"]) == {"oid"}


NAME_KEYS = ("nimi", "lyhytNimi")


def assert_contains(sent, returned, path="$"):
    """Assert that `returned` holds everything `sent` holds, allowing the register's own code and organisation names."""
    if isinstance(sent, dict):
        assert isinstance(returned, dict), f"{path}: expected an object, got {returned!r}"
        names_replaced = "koodistoUri" in sent or ("oid" in sent and str(sent.get("oid", "")).startswith("1.2.246.562.10."))
        for key, value in sent.items():
            assert key in returned, f"{path}.{key} is missing from the returned document"
            if names_replaced and key in NAME_KEYS:
                assert isinstance(returned[key], dict) and returned[key], f"{path}.{key} lost its names"
                continue
            assert_contains(value, returned[key], f"{path}.{key}")
    elif isinstance(sent, list):
        assert isinstance(returned, list), f"{path}: expected a list, got {returned!r}"
        assert len(sent) == len(returned), f"{path}: {len(sent)} items sent, {len(returned)} returned"
        for index, (sent_item, returned_item) in enumerate(zip(sent, returned)):
            assert_contains(sent_item, returned_item, f"{path}[{index}]")
    else:
        assert sent == returned, f"{path}: sent {sent!r}, returned {returned!r}"
