"""Duplicate rule: a document without OID or source id that overlaps a stored study right of the same kind."""

import pytest

from registry.models import StudyRight
from tests import documents

from .edits import field, sample_document, set_field

pytestmark = pytest.mark.django_db

CONFLICT = "conflict.exists"
PERIODS = ("tila", "opiskeluoikeusjaksot")
RESIGNED = {"koodiarvo": "eronnut", "koodistoUri": "koskiopiskeluoikeudentila"}


def without_identifiers(document):
    for study_right in document["opiskeluoikeudet"]:
        study_right.pop("lähdejärjestelmänId", None)
        study_right.pop("oid", None)
    return document


def same_learner(first, second):
    second["henkilö"] = dict(first["henkilö"])
    return second


def stored_then_resent(rejected_keys, name, path=None, value=None):
    """Store the sample `name` without identifiers, then send it again for the same learner with one field changed."""
    first = without_identifiers(sample_document(name))
    assert rejected_keys(first) == []
    second = same_learner(first, without_identifiers(sample_document(name)))
    if path is not None:
        set_field(second["opiskeluoikeudet"][0], path, value)
    return second


def starting_on(document, day):
    """Move the start of the document's study right: the first period and alkamispäivä, which repeats it."""
    study_right = document["opiskeluoikeudet"][0]
    study_right["tila"]["opiskeluoikeusjaksot"][0]["alku"] = day
    study_right["alkamispäivä"] = day
    return document


def ended_vocational():
    """Return a vocational document without identifiers whose study right ended on 1 June 2017."""
    document = without_identifiers(sample_document("tiedonsiirto-onnistunut.json"))
    field(document, PERIODS).append({"alku": "2017-06-01", "tila": RESIGNED})
    return document


REJECTED = [
    # (case, sample, field below the study right of the second document, new value)
    ("vocational qualification sent again", "tiedonsiirto-onnistunut.json", None, None),
    ("vocational qualification with another estimated end", "tiedonsiirto-onnistunut.json",
     ("arvioituPäättymispäivä",), "2021-05-31"),
    ("pre-primary education sent again", "esiopetusvalmis.json", None, None),
    ("basic education syllabus sent again", "perusopetuksenoppimaara-ysiluokkalainen.json", None, None),
    ("general upper secondary syllabus sent again", "lukio-uusi.json", None, None),
    ("adult basic education sent again", "aikuistenperusopetuksenoppimaara2017.json", None, None),
]


@pytest.mark.parametrize(("sample", "path", "value"), [case[1:] for case in REJECTED], ids=[case[0] for case in REJECTED])
def test_duplicate_is_rejected(rejected_keys, sample, path, value):
    keys = rejected_keys(stored_then_resent(rejected_keys, sample, path, value))

    assert keys == [CONFLICT]


def test_start_after_first_ended_is_accepted(rejected_keys):
    first = ended_vocational()
    assert rejected_keys(first) == []
    second = same_learner(first, without_identifiers(sample_document("tiedonsiirto-onnistunut.json")))
    starting_on(second, "2018-01-01")

    assert rejected_keys(second) == []
    assert StudyRight.objects.filter(learner__oid__isnull=False, type="ammatillinenkoulutus").count() == 2


def test_start_on_first_end_conflicts(rejected_keys):
    first = ended_vocational()
    assert rejected_keys(first) == []
    second = same_learner(first, without_identifiers(sample_document("tiedonsiirto-onnistunut.json")))
    starting_on(second, "2017-06-01")

    assert rejected_keys(second) == [CONFLICT]


def test_later_start_while_first_open_conflicts(rejected_keys):
    first = without_identifiers(sample_document("tiedonsiirto-onnistunut.json"))
    assert rejected_keys(first) == []
    second = starting_on(same_learner(first, without_identifiers(sample_document("tiedonsiirto-onnistunut.json"))), "2019-01-01")

    assert rejected_keys(second) == [CONFLICT]


def test_other_description_is_another_qualification(rejected_keys):
    """The same qualification code under another description is another qualification."""
    second = stored_then_resent(
        rejected_keys, "tiedonsiirto-onnistunut.json", ("suoritukset", 0, "koulutusmoduuli", "perusteenDiaarinumero"), "OPH-2762-2017",
    )

    assert rejected_keys(second) == []


def test_other_institution_is_accepted(rejected_keys):
    first = documents.vocational(source_id=None)
    assert rejected_keys(first) == []
    second = same_learner(first, documents.vocational(source_id=None, institution=documents.JYVASKYLA_TRAINING_SCHOOL))

    assert rejected_keys(second) == []


def test_subject_syllabi_may_repeat(rejected_keys):
    """Subject syllabi of general upper secondary education can be studied in several study rights at once."""
    second = stored_then_resent(rejected_keys, "lukio-lukionoppiaineenoppimaara-kesken.json")

    assert rejected_keys(second) == []


def test_other_vocational_training_may_repeat(rejected_keys):
    second = stored_then_resent(rejected_keys, "ammatillinen-muuammatillinenkoulutus.json")

    assert rejected_keys(second) == []


def test_document_with_source_id_is_matched_by_it(rejected_keys):
    """A source id identifies the study right, so a new source id creates a new study right."""
    first = documents.vocational(source_id=None)
    assert rejected_keys(first) == []
    second = same_learner(first, documents.vocational(source_id="another-key"))

    assert rejected_keys(second) == []


def test_invalidated_study_right_is_not_repeated(rejected_keys):
    first = documents.vocational(source_id="to-invalidate")
    assert rejected_keys(first) == []
    StudyRight.objects.filter(source_id="to-invalidate").update(invalidated=True)
    second = same_learner(first, documents.vocational(source_id=None))

    assert rejected_keys(second) == []
