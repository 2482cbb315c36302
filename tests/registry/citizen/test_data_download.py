"""My data as JSON: the learner's valid study rights in the national transfer format, without the identity code."""

import json

import pytest

from registry.models import AuditAction, AuditEvent, StudyRight
from tests.factories import synthetic_identity_code
from tests.registry.citizen.records import learner_of, log_in, store

pytestmark = pytest.mark.django_db

DATA_DOWNLOAD = "/omat-tiedot/tiedot.json"


@pytest.fixture
def learner_with_rights(api, admin_user):
    code = synthetic_identity_code()
    vocational = store(api, admin_user, "ammatillinen-perustutkinto.json", code)[0]
    upper_secondary = store(api, admin_user, "lukio-paattotodistus.json", code)[0]
    invalidated = store(api, admin_user, "ammatillinen-oppisopimus.json", code)[0]
    StudyRight.objects.filter(oid=invalidated).update(invalidated=True)
    return learner_of(vocational), code, [vocational, upper_secondary], invalidated


def test_download_is_national_format(client, learner_with_rights):
    learner, code, oids, _invalidated = learner_with_rights
    log_in(client, learner.oid)

    response = client.get(DATA_DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tor-')
    document = json.loads(response.content)
    assert document["henkilö"]["oid"] == learner.oid
    assert document["henkilö"]["sukunimi"] == learner.last_name
    assert sorted(study_right["oid"] for study_right in document["opiskeluoikeudet"]) == sorted(oids)
    for study_right in document["opiskeluoikeudet"]:
        assert study_right["tyyppi"]["koodistoUri"] == "opiskeluoikeudentyyppi"
        assert study_right["suoritukset"]
    assert code not in response.content.decode()


def test_download_leaves_out_invalidated(client, learner_with_rights):
    learner, _code, _oids, invalidated = learner_with_rights
    log_in(client, learner.oid)

    body = client.get(DATA_DOWNLOAD).content.decode()

    assert invalidated not in body


def test_download_is_audited(client, learner_with_rights):
    learner, _code, oids, _invalidated = learner_with_rights
    log_in(client, learner.oid)

    client.get(DATA_DOWNLOAD)

    events = AuditEvent.objects.filter(action=AuditAction.CITIZEN_DATA_DOWNLOAD)
    assert sorted(event.study_right_oid for event in events) == sorted(["", *oids])


def test_anonymous_request_is_sent_to_login(client):
    response = client.get(DATA_DOWNLOAD)

    assert response.status_code == 302
    assert response["Location"] == "/omat-tiedot/kirjaudu/"
