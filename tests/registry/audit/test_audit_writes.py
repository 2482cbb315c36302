"""Audit events of writes: every learner and study right that a service creates or changes, and nothing else."""

import pytest
from django.urls import reverse

from registry import permissions
from registry.middleware import REQUEST_ID_HEADER
from registry.models import ActorType, AuditAction, AuditEvent, Learner, Organisation, Role, StudyRight
from tests import documents, samples
from tests.factories import LearnerFactory, UserFactory, synthetic_identity_code

pytestmark = pytest.mark.django_db

WRITES = (AuditAction.LEARNER_WRITE, AuditAction.STUDY_RIGHT_WRITE, AuditAction.STUDY_RIGHT_INVALIDATE)


@pytest.fixture
def service_user(db):
    """A provider system's user with HTTP Basic: the service-user role on Stadi for source system winnova."""
    user = UserFactory(username="winnova-stadi")
    permissions.grant_role(user, Role.SERVICE, Organisation.objects.get(oid=documents.STADI), source_system="winnova")
    return user


@pytest.fixture
def service(api, service_user):
    return api.as_user(service_user)


@pytest.fixture
def admin_api(api, admin_user):
    return api.as_user(admin_user, "admin-password")


def events_of(response):
    return list(AuditEvent.objects.filter(request_id=response[REQUEST_ID_HEADER]).order_by("id"))


def rows(events):
    return [(event.action, event.learner_oid, event.study_right_oid, event.organisation_oid, event.details) for event in events]


def put(client, document):
    response = client.put("/api/v1/oppija", document)
    assert response.status_code == 200, response.content.decode()
    return response


def test_new_learner_records_learner_and_study_right(service, service_user):
    response = put(service, documents.vocational())

    body = response.json()
    learner_oid, oid = body["henkilö"]["oid"], body["opiskeluoikeudet"][0]["oid"]
    events = events_of(response)
    assert rows(events) == [
        (AuditAction.LEARNER_WRITE, learner_oid, "", "", {"change": "created"}),
        (AuditAction.STUDY_RIGHT_WRITE, learner_oid, oid, documents.STADI, {"version": 1, "source": "api"}),
    ]
    assert {(event.actor_type, event.actor_id) for event in events} == {(ActorType.SERVICE_CLIENT, str(service_user.pk))}
    assert AuditEvent.objects.filter(action__in=WRITES).count() == 2


def test_unchanged_document_records_nothing(service):
    document = documents.vocational()
    put(service, document)

    response = put(service, document)

    assert events_of(response) == []


def test_changed_document_records_next_version(service):
    document = documents.vocational()
    first = put(service, document)
    documents.study_right(document)["arvioituPäättymispäivä"] = "2031-05-01"

    response = put(service, document)

    oid = first.json()["opiskeluoikeudet"][0]["oid"]
    assert [(event.action, event.study_right_oid, event.details) for event in events_of(response)] == [
        (AuditAction.STUDY_RIGHT_WRITE, oid, {"version": 2, "source": "api"}),
    ]


def test_invalidating_document_records_invalidation(admin_api):
    document = documents.vocational()
    oid = put(admin_api, document).json()["opiskeluoikeudet"][0]["oid"]
    study_right = documents.study_right(document)
    study_right["oid"] = oid
    study_right["tila"]["opiskeluoikeusjaksot"].append(
        {"alku": "2024-01-01", "tila": {"koodiarvo": "mitatoity", "koodistoUri": "koskiopiskeluoikeudentila"}}
    )

    response = put(admin_api, document)

    assert [(event.action, event.study_right_oid, event.details) for event in events_of(response)] == [
        (AuditAction.STUDY_RIGHT_INVALIDATE, oid, {"version": 2, "source": "api"}),
    ]


def test_identity_code_added_to_learner_records_learner_write(admin_api):
    learner = LearnerFactory(identity_code_ciphertext="", identity_code_hash=None, birth_date=None)
    document = documents.vocational()
    document["henkilö"] = {"oid": learner.oid, "hetu": synthetic_identity_code()}

    response = put(admin_api, document)

    learner_events = [event for event in events_of(response) if event.action == AuditAction.LEARNER_WRITE]
    assert rows(learner_events) == [(AuditAction.LEARNER_WRITE, learner.oid, "", "", {"change": "identity_code_added"})]


def test_rejected_write_records_nothing(api):
    outsider = UserFactory()

    response = api.as_user(outsider).put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 403
    assert not AuditEvent.objects.exists()
    assert not Learner.objects.exists()


def test_batch_records_each_stored_learner_under_its_request(service):
    refused = documents.vocational(institution=documents.JYVASKYLA_TRAINING_SCHOOL)

    response = service.put("/api/v1/oppija/batch", [documents.vocational(source_id="batch-1"), refused])

    assert response.status_code == 207
    stored = response.json()[0]
    assert [(event.action, event.learner_oid) for event in events_of(response)] == [
        (AuditAction.LEARNER_WRITE, stored["henkilö"]["oid"]),
        (AuditAction.STUDY_RIGHT_WRITE, stored["henkilö"]["oid"]),
    ]
    assert AuditEvent.objects.count() == 2


def test_api_invalidation_records_invalidation(admin_api):
    written = put(admin_api, documents.vocational()).json()
    oid = written["opiskeluoikeudet"][0]["oid"]

    response = admin_api.client.delete(f"/api/v1/opiskeluoikeus/{oid}", **admin_api.credentials)

    assert response.status_code == 200, response.content.decode()
    assert rows(events_of(response)) == [(
        AuditAction.STUDY_RIGHT_INVALIDATE, written["henkilö"]["oid"], oid, documents.STADI,
        {"version": 2, "source": "api"},
    )]


def test_admin_invalidation_records_official_and_request(client, admin_api, official):
    oid = put(admin_api, documents.vocational()).json()["opiskeluoikeudet"][0]["oid"]
    permissions.grant(official, permissions.INVALIDATE, Organisation.objects.get(oid=documents.STADI))
    client.force_login(official)
    study_right = StudyRight.objects.get(oid=oid)

    response = client.post(reverse("admin:registry_studyright_changelist"), {
        "action": "invalidate_selected", "confirm": "yes", "_selected_action": [study_right.pk],
    })

    assert response.status_code == 302
    events = events_of(response)
    assert [(event.action, event.study_right_oid, event.details) for event in events] == [
        (AuditAction.STUDY_RIGHT_INVALIDATE, oid, {"version": 2, "source": "admin"}),
    ]
    assert (events[0].actor_type, events[0].actor_id) == (ActorType.USER, str(official.pk))


def test_admin_invalidation_confirmation_records_reads(client, admin_api, admin_user):
    written = put(admin_api, documents.vocational()).json()
    oid = written["opiskeluoikeudet"][0]["oid"]
    client.force_login(admin_user)

    response = client.post(reverse("admin:registry_studyright_changelist"), {
        "action": "invalidate_selected", "_selected_action": [StudyRight.objects.get(oid=oid).pk],
    })

    assert response.status_code == 200
    assert rows(events_of(response)) == [(
        AuditAction.STUDY_RIGHT_READ, written["henkilö"]["oid"], oid, documents.STADI,
        {"view": "admin:registry_studyright_changelist", "action": "invalidate_selected"},
    )]
    assert not StudyRight.objects.get(oid=oid).invalidated


def test_top_level_achievement_removal_records_write(admin_api):
    document = samples.with_own_learner(samples.load("perusopetuksenoppimaara-paattotodistus.json"))
    oid = put(admin_api, document).json()["opiskeluoikeudet"][0]["oid"]
    grade_year = next(
        item for item in documents.study_right(document)["suoritukset"] if item["tyyppi"]["koodiarvo"] == "perusopetuksenvuosiluokka"
    )

    response = admin_api.post(f"/api/v1/opiskeluoikeus/{oid}/1/delete-paatason-suoritus", grade_year)

    assert response.status_code == 200, response.content.decode()
    assert [(event.action, event.study_right_oid, event.details) for event in events_of(response)] == [
        (AuditAction.STUDY_RIGHT_WRITE, oid, {"version": 2, "source": "api", "change": "top_level_achievement_removed"}),
    ]
