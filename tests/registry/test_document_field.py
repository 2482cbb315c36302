"""registry.fast_json and DocumentField: documents parse and serialise through orjson and read back exactly as written."""

import json

import pytest

from registry.models import StudyRight
from registry.fast_json import copy_document, dumps, loads
from tests.registry.admin.records import SAMPLE_A, store_sample

# Non-ASCII text, an escaped control character, a float, integers outside 64 bits (which orjson reads as floats) and nesting.
UNUSUAL = {"nimi": {"fi": "Äidinkieli ja kirjallisuus", "sv": "Modersmålet"}, "rivi": "a\nb\u2028c", "laajuus": 1.5,
           "iso": 2**70 + 1, "negatiivinen": -(2**63) - 1, "lista": [None, True, {"syvä": []}]}


@pytest.mark.django_db
def test_stored_document_reads_back_as_written(admin_user):
    study_right = store_sample(SAMPLE_A, admin_user)
    document = {**study_right.document, "lisätiedot": UNUSUAL}

    StudyRight.objects.filter(pk=study_right.pk).update(document=document)

    assert StudyRight.objects.get(pk=study_right.pk).document == document


def test_loads_reads_long_integers_exactly():
    text = json.dumps(UNUSUAL)

    assert loads(text) == json.loads(text)
    assert loads('{"a": 1.5, "b": [1, 2]}') == {"a": 1.5, "b": [1, 2]}


def test_dumps_compact_with_fallback():
    assert dumps({"a": [1, "ä"]}) == '{"a":[1,"ä"]}'.encode()
    assert json.loads(dumps(UNUSUAL)) == UNUSUAL
    assert json.loads(dumps({1: "integer key"})) == {"1": "integer key"}


def test_copy_document_is_a_deep_copy():
    copied = copy_document(UNUSUAL)
    copied["lista"][2]["syvä"].append(1)

    assert copied != UNUSUAL
    assert UNUSUAL["lista"][2]["syvä"] == []
    assert copy_document({"iso": 2**70 + 1})["iso"] == 2**70 + 1
