"""How the write API finds or creates the learner a document names."""

import pytest

from registry import identity_codes
from registry.models import Learner
from registry.oids import LEARNER_NODE, generate_oid, has_valid_check_digit
from tests import documents
from tests.factories import LearnerFactory, synthetic_identity_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(api, admin_user):
    return api.as_user(admin_user, "admin-password")


def keys(response):
    return [error["key"] for error in response.json()]


def test_new_person_gets_new_learner_oid(writer):
    document = documents.vocational()

    response = writer.put("/api/v1/oppija", document)

    oid = response.json()["henkilö"]["oid"]
    learner = Learner.objects.get(oid=oid)
    assert has_valid_check_digit(oid)
    assert oid.startswith("1.2.246.562.24.")
    assert learner.last_name == "Virtanen"
    assert identity_codes.decrypt(learner.identity_code_ciphertext) == document["henkilö"]["hetu"]
    assert learner.birth_date == identity_codes.birth_date(document["henkilö"]["hetu"])


def test_known_identity_code_finds_the_learner(writer):
    code = synthetic_identity_code()
    learner = LearnerFactory(identity_code=code)
    document = documents.vocational(identity_code=code)

    response = writer.put("/api/v1/oppija", document)

    assert response.json()["henkilö"]["oid"] == learner.oid
    assert Learner.objects.count() == 1


def test_person_with_oid_code_and_names_is_created_with_that_oid(writer):
    oid = generate_oid(LEARNER_NODE)
    document = documents.vocational()
    document["henkilö"]["oid"] = oid

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 200, response.content.decode()
    assert response.json()["henkilö"]["oid"] == oid
    assert Learner.objects.filter(oid=oid).exists()


def test_unknown_oid_alone_is_not_found(writer):
    document = documents.vocational()
    document["henkilö"] = {"oid": "1.2.246.562.24.00000000001"}

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 404
    assert keys(response) == ["notFound.oppijaaEiLöydy"]
    assert Learner.objects.count() == 0


def test_known_oid_alone_finds_the_learner(writer):
    learner = LearnerFactory()
    document = documents.vocational()
    document["henkilö"] = {"oid": learner.oid}

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 200
    assert response.json()["henkilö"]["oid"] == learner.oid


def test_merged_oid_resolves_to_master(writer):
    master = LearnerFactory()
    duplicate = LearnerFactory(master=master)
    document = documents.vocational()
    document["henkilö"] = {"oid": duplicate.oid}

    response = writer.put("/api/v1/oppija", document)

    assert response.json()["henkilö"]["oid"] == master.oid


def test_identity_code_of_another_learner_conflicts(writer):
    code = synthetic_identity_code()
    owner = LearnerFactory(identity_code=code)
    other = LearnerFactory()
    document = documents.vocational(identity_code=code)
    document["henkilö"]["oid"] = other.oid

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 409
    assert keys(response) == ["conflict.hetu"]
    assert owner.oid in response.json()[0]["message"]


def test_unknown_identity_code_without_names_is_incomplete(writer):
    document = documents.vocational()
    document["henkilö"] = {"hetu": synthetic_identity_code()}

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 400
    assert keys(response) == ["badRequest.validation.henkilötiedot.puutteelliset"]


def test_synthetic_identity_codes_need_the_setting(writer, settings):
    settings.TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES = False

    response = writer.put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 400
    assert keys(response) == ["badRequest.validation.henkilötiedot.synteettinenHetu"]


def test_identity_code_never_stored_in_clear(writer):
    document = documents.vocational()

    writer.put("/api/v1/oppija", document)

    learner = Learner.objects.get()
    assert document["henkilö"]["hetu"] not in learner.identity_code_ciphertext
    assert document["henkilö"]["hetu"] not in learner.identity_code_hash
