"""The PDF transcript of the whole record, and the verification address printed on it."""

import re

import pytest
from django.utils import timezone

from registry.models import AuditAction, AuditEvent, SharePurpose, ShareLink
from tests.factories import LearnerFactory, synthetic_identity_code
from tests.registry.citizen.records import learner_of, log_in, pdf_text, store

pytestmark = pytest.mark.django_db

TRANSCRIPT = "/omat-tiedot/todistus/"
VERIFICATION_URL = re.compile(r"http://testserver/jako/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def learner_with_rights(api, admin_user):
    code = synthetic_identity_code()
    vocational = store(api, admin_user, "ammatillinen-perustutkinto.json", code)[0]
    upper_secondary = store(api, admin_user, "lukio-paattotodistus.json", code)[0]
    return learner_of(vocational), code, [vocational, upper_secondary]


def download(client, learner, language):
    log_in(client, learner.oid)
    response = client.post(TRANSCRIPT, {"language": language})
    assert response.status_code == 200, response.content.decode(errors="replace")[:2000]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="tor-transcript-')
    return pdf_text(response.content)


def test_transcript_shows_whole_record(client, learner_with_rights):
    learner, code, oids = learner_with_rights

    text = download(client, learner, "fi")

    assert learner.last_name in text
    assert "Luonto- ja ympäristöalan perustutkinto" in text
    assert "Lukion oppimäärä" in text
    assert timezone.localdate().strftime("%-d.%-m.%Y") in text
    assert code not in text


@pytest.mark.parametrize("language, qualification", [
    ("fi", "Luonto- ja ympäristöalan perustutkinto"),
    ("sv", "Grundexamen i natur och miljö"),
    ("en", "Vocational qualification in Natural and Environmental Protection"),
])
def test_transcript_is_in_chosen_language(client, learner_with_rights, language, qualification):
    learner, _code, _oids = learner_with_rights

    text = download(client, learner, language)

    assert qualification in text


def test_transcript_english_labels(client, learner_with_rights):
    learner, _code, _oids = learner_with_rights

    text = download(client, learner, "en")

    assert "Transcript of verified competence" in text
    assert "TOR – the national register of verified competence" in text


def test_verification_address_shows_same_data(client, learner_with_rights):
    learner, _code, oids = learner_with_rights
    text = download(client, learner, "fi")
    client.logout()

    match = VERIFICATION_URL.search(text)
    assert match, text
    online = client.get(f"/jako/{match.group(1)}/json/").content.decode()

    for oid in oids:
        assert oid in online
    link = ShareLink.objects.get()
    assert link.purpose == SharePurpose.TRANSCRIPT
    assert sorted(link.study_right_oids) == sorted(oids)


def test_transcript_download_is_audited(client, learner_with_rights):
    learner, _code, oids = learner_with_rights

    download(client, learner, "fi")

    events = AuditEvent.objects.filter(action=AuditAction.CITIZEN_TRANSCRIPT_DOWNLOAD)
    assert {event.study_right_oid for event in events} == {"", *oids}
    assert {event.learner_oid for event in events} == {learner.oid}


def test_unknown_language_is_rejected(client, learner_with_rights):
    learner, _code, _oids = learner_with_rights
    log_in(client, learner.oid)

    response = client.post(TRANSCRIPT, {"language": "de"})

    assert response.status_code == 400
    assert not ShareLink.objects.exists()


def test_learner_without_study_rights_gets_no_transcript(client):
    log_in(client, LearnerFactory().oid)

    response = client.post(TRANSCRIPT, {"language": "en"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "nothing to print" in response.content.decode()
    assert not ShareLink.objects.exists()


def test_anonymous_request_is_sent_to_login(client):
    response = client.post(TRANSCRIPT, {"language": "fi"})

    assert response.status_code == 302
    assert response["Location"] == "/omat-tiedot/kirjaudu/"
