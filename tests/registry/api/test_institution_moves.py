"""Moving a study right to another institution of its education provider, and the organisation history it keeps."""

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import InstitutionTransition, Organisation, StudyRight
from tests import documents

pytestmark = pytest.mark.django_db

# An upper secondary school of Helsingin kaupunki, the provider of Stadin ammatti- ja aikuisopisto.
ADULT_UPPER_SECONDARY = "1.2.246.562.10.81017043621"
MOVE_KEY = "badRequest.validation.organisaatio.oppilaitoksenVaihto"


@pytest.fixture
def as_superuser(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def writer(api, admin_user):
    return api.as_user(admin_user, "admin-password")


@pytest.fixture
def stored(writer):
    """A vocational study right at Stadi; returns the document, with its OID, to send again."""
    document = documents.vocational(source_id="move-1")
    response = writer.put("/api/v1/oppija", document)
    assert response.status_code == 200, response.content.decode()
    documents.study_right(document)["oid"] = response.json()["opiskeluoikeudet"][0]["oid"]
    return document


def moved(document, institution=ADULT_UPPER_SECONDARY):
    documents.study_right(document)["oppilaitos"] = {"oid": institution}
    return document


def test_move_that_nothing_allows_is_rejected(writer, stored):
    response = writer.put("/api/v1/oppija", moved(stored))

    assert response.status_code == 400
    assert [error["key"] for error in response.json()] == [MOVE_KEY]
    assert StudyRight.objects.get(oid=documents.study_right(stored)["oid"]).institution.oid == documents.STADI


def test_allowed_move_kept_in_history(as_superuser, writer, stored):
    old, new = Organisation.objects.get(oid=documents.STADI), Organisation.objects.get(oid=ADULT_UPPER_SECONDARY)

    added = as_superuser.post(reverse("admin:registry_institutiontransition_add"), {
        "from_institution": old.pk, "to_institution": new.pk, "kind": "merger", "valid_from": "", "note": "decision 1/2026",
    })
    response = writer.put("/api/v1/oppija", moved(stored))

    assert added.status_code == 302
    assert InstitutionTransition.objects.get().created_by.username == "registry-admin"
    assert response.status_code == 200, response.content.decode()
    oid = documents.study_right(stored)["oid"]
    read = writer.get(f"/api/v1/opiskeluoikeus/{oid}").json()
    assert read["versionumero"] == 2
    assert read["oppilaitos"]["oid"] == ADULT_UPPER_SECONDARY
    assert [entry["oppilaitos"]["oid"] for entry in read["organisaatiohistoria"]] == [documents.STADI]
    assert read["organisaatiohistoria"][0]["muutospäivä"] == timezone.localdate().isoformat()


def test_move_from_closed_institution_accepted(writer, stored):
    Organisation.objects.filter(oid=documents.STADI).update(active=False)

    response = writer.put("/api/v1/oppija", moved(stored))

    assert response.status_code == 200, response.content.decode()
    assert StudyRight.objects.get(oid=documents.study_right(stored)["oid"]).institution.oid == ADULT_UPPER_SECONDARY


def test_sent_organisation_history_replaced(writer, stored):
    documents.study_right(stored)["organisaatiohistoria"] = [
        {"muutospäivä": "2001-01-01", "oppilaitos": {"oid": ADULT_UPPER_SECONDARY}},
    ]

    response = writer.put("/api/v1/oppija", stored)

    assert response.status_code == 200, response.content.decode()
    assert "organisaatiohistoria" not in StudyRight.objects.get(oid=documents.study_right(stored)["oid"]).document


def test_transition_between_providers_is_refused_in_the_admin(as_superuser):
    old = Organisation.objects.get(oid=documents.STADI)
    other = Organisation.objects.get(oid=documents.JYVASKYLA_TRAINING_SCHOOL)

    response = as_superuser.post(reverse("admin:registry_institutiontransition_add"), {
        "from_institution": old.pk, "to_institution": other.pk, "kind": "merger", "note": "",
    })

    assert response.status_code == 200
    assert not InstitutionTransition.objects.exists()


def test_official_cannot_open_the_transitions(client, official):
    client.force_login(official)

    assert client.get(reverse("admin:registry_institutiontransition_changelist")).status_code == 403
