"""Imported degrees and exams appear through the read API and on the citizen's own-record page."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils.html import strip_tags

from registry import identity_codes
from registry.citizen import session
from registry.models import Learner
from tests.registry.imports.conftest import VIRTA_SAMPLES, YTR_SAMPLES, run_virta, run_ytr

pytestmark = pytest.mark.django_db

DEGREE_LEARNER = "1.2.246.562.24.57060795845"


def log_in(client, learner):
    request = RequestFactory().get("/")
    request.session = client.session
    session.log_in(request, learner)
    request.session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key


def test_read_api_shows_imported_study_rights(api, admin_user):
    run_virta(VIRTA_SAMPLES)

    response = api.as_user(admin_user, "admin-password").get(f"/api/v1/oppija/{DEGREE_LEARNER}")

    assert response.status_code == 200
    [study_right] = response.json()["opiskeluoikeudet"]
    assert study_right["tyyppi"]["koodiarvo"] == "korkeakoulutus"
    assert study_right["suoritukset"][0]["tyyppi"]["koodiarvo"] == "korkeakoulututkinto"
    assert study_right["oid"].startswith("1.2.246.562.15.")


def test_read_api_shows_imported_exams(api, admin_user):
    run_ytr(YTR_SAMPLES)
    learner = Learner.objects.get(identity_code_hash__in=identity_codes.lookup_hashes("210244-374K"))

    response = api.as_user(admin_user, "admin-password").get(f"/koski/api/oppija/{learner.oid}")

    assert response.status_code == 200
    [study_right] = response.json()["opiskeluoikeudet"]
    assert study_right["tyyppi"]["koodiarvo"] == "ylioppilastutkinto"
    assert len(study_right["suoritukset"][0]["osasuoritukset"]) == 6


def test_board_official_reads_matriculation_records(api, official):
    from registry import permissions
    from registry.models import Organisation

    run_ytr(YTR_SAMPLES)
    permissions.grant(official, permissions.READ, Organisation.objects.get(oid=settings.TOR_MATRICULATION_BOARD_OID))
    learner = Learner.objects.get(identity_code_hash__in=identity_codes.lookup_hashes("080380-2432"))

    response = api.as_user(official).get(f"/api/v1/oppija/{learner.oid}")

    assert response.status_code == 200


def test_citizen_page_shows_degree_and_course_units(client):
    run_virta(VIRTA_SAMPLES)
    log_in(client, Learner.objects.get(oid=DEGREE_LEARNER))

    response = client.get("/omat-tiedot/", HTTP_ACCEPT_LANGUAGE="en")

    text = strip_tags(response.content.decode())
    assert response.status_code == 200
    assert "Laurea University of Applied Sciences" in text
    assert "Higher education" in text
    assert "Pelit ja mobiilit" in text


def test_citizen_page_shows_exams(client):
    run_ytr(YTR_SAMPLES)
    log_in(client, Learner.objects.get(identity_code_hash__in=identity_codes.lookup_hashes("210244-374K")))

    response = client.get("/omat-tiedot/", HTTP_ACCEPT_LANGUAGE="en")

    text = strip_tags(response.content.decode())
    assert response.status_code == 200
    assert "Matriculation Examination" in text
    assert "Mother tongue test, Finnish" in text
