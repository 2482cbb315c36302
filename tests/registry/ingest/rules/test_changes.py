"""Change rules: what an update of a stored study right may never change."""

from types import SimpleNamespace

import pytest

from registry.models import StudyRight
from registry.services.ingest.rules import changes
from registry.transfer_format.model import read_study_right_model
from tests import documents
from tests.factories import synthetic_identity_code

from .edits import REMOVE, sample_document, set_field

pytestmark = pytest.mark.django_db

FORBIDDEN_CHANGE = "forbidden.kiellettyMuutos"
INVALIDATED = {"koodiarvo": "mitatoity", "koodistoUri": "koskiopiskeluoikeudentila"}


def stored(rejected_keys, document):
    """Store `document`, then return it with the stored study right's OID filled in."""
    assert rejected_keys(document) == []
    study_right = documents.study_right(document)
    study_right["oid"] = StudyRight.objects.order_by("-pk").values_list("oid", flat=True).first()
    return document


REJECTED = [
    # (case, field below the study right, new value, expected key)
    ("source id removed", ("lähdejärjestelmänId",), REMOVE, FORBIDDEN_CHANGE),
    ("learner's OID of another study right", ("oid",), "another learner's", "forbidden.oppijaOidinMuutos"),
]


@pytest.mark.parametrize(("path", "value", "key"), [case[1:] for case in REJECTED], ids=[case[0] for case in REJECTED])
def test_change_is_rejected(rejected_keys, path, value, key):
    document = stored(rejected_keys, documents.vocational(source_id="change-1"))
    if value == "another learner's":
        value = documents.study_right(stored(rejected_keys, documents.vocational(source_id="change-other")))["oid"]
    set_field(documents.study_right(document), path, value)

    assert rejected_keys(document) == [key]


def test_type_change_is_rejected():
    """A document of another type than the stored study right is rejected.

    Through the service the structure check rejects such a document first, because each type
    has its own schema, so the rule is called directly here.
    """
    document = sample_document("lukio-uusi.json")
    model = read_study_right_model(document["opiskeluoikeudet"][0], "opiskeluoikeudet[0]")
    resolved = SimpleNamespace(existing=SimpleNamespace(type="ammatillinenkoulutus"))
    problems = []

    changes.reject_type_change(resolved, problems, study_right=model)

    assert [problem.key.key for problem in problems] == [FORBIDDEN_CHANGE]
    assert problems[0].path == "opiskeluoikeudet[0].tyyppi"


def test_study_right_of_another_learner_is_rejected(rejected_keys):
    first = stored(rejected_keys, documents.vocational(source_id="learner-1"))
    second = documents.vocational(source_id="learner-1", identity_code=synthetic_identity_code())
    documents.study_right(second)["oid"] = documents.study_right(first)["oid"]

    assert rejected_keys(second) == ["forbidden.oppijaOidinMuutos"]


def test_source_id_may_change(rejected_keys):
    document = stored(rejected_keys, documents.vocational(source_id="change-2"))
    documents.study_right(document)["lähdejärjestelmänId"]["id"] = "change-2-renamed"

    assert rejected_keys(document) == []


def test_invalidation_checks_changes_but_not_content(rejected_keys):
    """An invalidation is not checked for content, but it may not remove the source id."""
    document = stored(rejected_keys, documents.vocational(source_id="change-3"))
    study_right = documents.study_right(document)
    source_id = study_right.pop("lähdejärjestelmänId")
    periods = study_right["tila"]["opiskeluoikeusjaksot"]
    periods.append({"alku": "2021-01-01", "tila": INVALIDATED})
    del periods[0]["opintojenRahoitus"]

    assert rejected_keys(document) == [FORBIDDEN_CHANGE]

    study_right["lähdejärjestelmänId"] = source_id

    assert rejected_keys(document) == []
