"""The write API refuses higher-education study rights to every caller, and matriculation records to all but the board."""

import copy

import pytest

from registry import permissions
from registry.models import Organisation, StudyRight
from tests.factories import synthetic_identity_code
from tests.registry.imports.conftest import VIRTA_SAMPLES, run_virta
from tests.documents import STADI, vocational

pytestmark = pytest.mark.django_db


def higher_education_document():
    """Return a learner document with a higher-education study right, as the register itself writes one."""
    run_virta(VIRTA_SAMPLES)
    study_right = StudyRight.objects.get(source_id="30759")
    return {
        "henkilö": {"hetu": synthetic_identity_code(), "etunimet": "Kaisa", "kutsumanimi": "Kaisa", "sukunimi": "Korkea"},
        "opiskeluoikeudet": [copy.deepcopy(study_right.document)],
    }


def keys(response):
    return [error["key"] for error in response.json()]


def test_registry_administrator_gets_403_for_higher_education(api, admin_user):
    response = api.as_user(admin_user, "admin-password").put("/api/v1/oppija", higher_education_document())

    assert response.status_code == 403
    assert keys(response) == ["forbidden.readOnly"]


def test_provider_gets_403_for_higher_education(api, official):
    permissions.grant(official, permissions.WRITE, Organisation.objects.get(oid=STADI))

    response = api.as_user(official).put("/koski/api/oppija", higher_education_document())

    assert response.status_code == 403
    assert keys(response) == ["forbidden.readOnly"]


def test_higher_education_refused_beside_other_study_rights(api, admin_user):
    document = vocational()
    document["opiskeluoikeudet"].append(higher_education_document()["opiskeluoikeudet"][0])

    response = api.as_user(admin_user, "admin-password").put("/api/v1/oppija", document)

    assert response.status_code == 403
    assert "forbidden.readOnly" in keys(response)
    assert not StudyRight.objects.filter(type="ammatillinenkoulutus").exists()
