"""Audit events of reads: what each event holds, one insert per request, and nothing for a refused or failed read.

The permission matrix (tests/test_permission_matrix.py) checks for every URL and role that
exactly the expected events were recorded. These tests check the columns and details of each kind.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import permissions
from registry.errors import RegisterError
from registry.citizen.session import SESSION_KEY
from registry.middleware import REQUEST_ID_HEADER
from registry.models import ActorType, AuditAction, AuditEvent, Organisation, StudyRight, TransferAttempt
from registry.services import transfers
from tests import documents, samples
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api(api, admin_user):
    return api.as_user(admin_user, "admin-password")


@pytest.fixture
def learner(admin_api):
    """A learner with a vocational study right at Stadi and an upper secondary one at Jyväskylän normaalikoulu."""
    document = documents.vocational()
    code = document["henkilö"]["hetu"]
    vocational = admin_api.put("/api/v1/oppija", document).json()
    upper_secondary = admin_api.put(
        "/api/v1/oppija", samples.with_own_learner(samples.load("lukio-uusi.json"), code),
    ).json()
    return {
        "oid": vocational["henkilö"]["oid"],
        "vocational": vocational["opiskeluoikeudet"][0]["oid"],
        "upper_secondary": upper_secondary["opiskeluoikeudet"][0]["oid"],
    }


@pytest.fixture
def stadi_reader(db):
    user = UserFactory(username="stadi-reader", is_staff=True)
    permissions.grant(user, permissions.READ, Organisation.objects.get(oid=documents.STADI))
    return user


def events_of(response):
    return list(AuditEvent.objects.filter(request_id=response[REQUEST_ID_HEADER]).order_by("id"))


def rows(events):
    return [(event.action, event.learner_oid, event.study_right_oid, event.organisation_oid, event.details) for event in events]


def audit_inserts(queries):
    return [query for query in queries.captured_queries if query["sql"].startswith('INSERT INTO "registry_auditevent"')]


def test_learner_read_is_one_insert(api, stadi_reader, learner):
    with CaptureQueriesContext(connection) as queries:
        response = api.as_user(stadi_reader).get(f"/api/v1/oppija/{learner['oid']}")

    assert response.status_code == 200
    view = {"view": "api:learner-read"}
    assert rows(events_of(response)) == [
        (AuditAction.LEARNER_READ, learner["oid"], "", "", view),
        (AuditAction.STUDY_RIGHT_READ, learner["oid"], learner["vocational"], documents.STADI, view),
    ]
    assert len(audit_inserts(queries)) == 1
    assert {event.actor_type for event in events_of(response)} == {ActorType.SERVICE_CLIENT}


def test_national_path_names_its_route(api, stadi_reader, learner):
    response = api.as_user(stadi_reader).get(f"/koski/api/oppija/{learner['oid']}")

    assert {event.details["view"] for event in events_of(response)} == {"koski-api:learner-read"}


def test_version_read_records_history_read_with_version(admin_api, learner):
    response = admin_api.get(f"/api/v1/opiskeluoikeus/{learner['vocational']}/historia/1")

    assert rows(events_of(response)) == [(
        AuditAction.HISTORY_READ, learner["oid"], learner["vocational"], documents.STADI,
        {"view": "api:version", "version": 1},
    )]


@pytest.mark.parametrize("path", ["/api/v1/oppija/{oid}", "/api/v1/opiskeluoikeus/{vocational}/historia/9"])
def test_refused_or_missing_read_records_nothing(api, learner, path):
    outsider = UserFactory()

    response = api.as_user(outsider).get(path.format(**learner))

    assert response.status_code == 404
    assert events_of(response) == []


def test_transfer_log_records_each_row_with_its_organisation(admin_api, admin_user):
    unnamed = documents.vocational()
    unnamed["henkilö"]["hetu"] = "not-an-identity-code"
    rejected = admin_api.put("/api/v1/oppija", unnamed)
    assert rejected.status_code == 400
    written = admin_api.put("/api/v1/oppija", documents.vocational(source_id="second")).json()

    response = admin_api.get("/api/v1/tiedonsiirrot")

    assert sorted((event.learner_oid, event.organisation_oid) for event in events_of(response)) == sorted([
        ("", documents.STADI), (written["henkilö"]["oid"], documents.STADI),
    ])
    assert {event.action for event in events_of(response)} == {AuditAction.TRANSFER_LOG_READ}
    assert len(events_of(response)) == TransferAttempt.objects.count()


def test_transfer_summary_records_nothing(admin_api, learner):
    response = admin_api.get("/api/v1/tiedonsiirrot/yhteenveto")

    assert response.status_code == 200
    assert events_of(response) == []


def test_admin_list_records_rows_shown_in_one_insert(client, stadi_reader, learner):
    client.force_login(stadi_reader)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:registry_studyright_changelist"))

    assert rows(events_of(response)) == [(
        AuditAction.STUDY_RIGHT_READ, learner["oid"], learner["vocational"], documents.STADI,
        {"view": "admin:registry_studyright_changelist"},
    )]
    assert len(audit_inserts(queries)) == 1
    assert (events_of(response)[0].actor_type, events_of(response)[0].actor_id) == (ActorType.USER, str(stadi_reader.pk))


def test_admin_learner_page_lists_study_rights(client, stadi_reader, learner):
    client.force_login(stadi_reader)
    pk = StudyRight.objects.get(oid=learner["vocational"]).learner_id

    response = client.get(reverse("admin:registry_learner_change", args=[pk]))

    view = {"view": "admin:registry_learner_change"}
    assert rows(events_of(response)) == [
        (AuditAction.LEARNER_READ, learner["oid"], "", "", view),
        (AuditAction.STUDY_RIGHT_READ, learner["oid"], learner["vocational"], documents.STADI, view),
    ]


def test_admin_page_out_of_scope_records_nothing(client, stadi_reader, learner):
    client.force_login(stadi_reader)
    pk = StudyRight.objects.get(oid=learner["upper_secondary"]).pk

    response = client.get(reverse("admin:registry_studyright_change", args=[pk]))

    assert response.status_code == 302
    assert events_of(response) == []


def test_admin_transfer_page_records_row_read(client, admin_user, learner):
    client.force_login(admin_user)
    attempt = TransferAttempt.objects.get(learner_oid=learner["oid"], organisation__oid=documents.STADI)

    response = client.get(reverse("admin:registry_transferattempt_change", args=[attempt.pk]))

    assert rows(events_of(response)) == [(
        AuditAction.TRANSFER_LOG_READ, learner["oid"], "", documents.STADI, {"view": "admin:registry_transferattempt_change"},
    )]


def test_citizen_page_records_own_record_view(client, learner):
    session = client.session
    session[SESSION_KEY] = learner["oid"]
    session.save()

    response = client.get(reverse("citizen:own-record"))

    events = events_of(response)
    assert rows(events) == [(AuditAction.CITIZEN_OWN_RECORD_VIEW, learner["oid"], "", "", {})]
    assert (events[0].actor_type, events[0].actor_id) == (ActorType.CITIZEN, learner["oid"])


def test_sensitive_error_path_is_cut(api, admin_user):
    document = samples.with_own_learner(samples.load("esiopetusvalmis.json"))
    document["opiskeluoikeudet"][0]["lisätiedot"]["vammainen"] = [{"alku": "not-a-date"}]
    with pytest.raises(RegisterError):
        transfers.receive_learner(json.dumps(document).encode(), user=admin_user)
    school = Organisation.objects.get(oid=documents.JYVASKYLA_TRAINING_SCHOOL)
    reader, sensitive_reader = UserFactory(), UserFactory()
    permissions.grant(reader, permissions.READ, school)
    permissions.grant(sensitive_reader, permissions.READ, school)
    permissions.grant(sensitive_reader, permissions.SENSITIVE, school)

    cut = api.as_user(reader).get("/api/v1/tiedonsiirrot").json()[0]["virheet"]
    whole = api.as_user(sensitive_reader).get("/api/v1/tiedonsiirrot").json()[0]["virheet"]

    assert cut == [{"key": "badRequest.format.date", "path": "opiskeluoikeudet[0].lisätiedot"}]
    assert whole == [{"key": "badRequest.format.date", "path": "opiskeluoikeudet[0].lisätiedot.vammainen[0].alku"}]
