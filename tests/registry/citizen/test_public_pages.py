"""Public pages without personal data: qualification descriptions and the accessibility statement."""

import pytest

from registry.models import QualificationDescription
from tests.factories import synthetic_identity_code
from tests.registry.citizen.records import learner_of, log_in, store

pytestmark = pytest.mark.django_db

DIARY_NUMBER = "62/011/2014"
UNIT_NAME = "Kestävällä tavalla toimiminen"


@pytest.fixture
def description():
    return QualificationDescription.objects.filter(diary_number=DIARY_NUMBER).order_by("-valid_from").first()


def test_description_lists_units_and_requirements(client, description):
    html = client.get(f"/tutkinnon-perusteet/{description.pk}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()

    assert "<h1>Luonto- ja ympäristöalan perustutkinto</h1>" in html
    assert UNIT_NAME in html
    assert html.count('<section class="unit"') == description.units.count()
    assert '<div class="requirements">' in html


def test_description_in_swedish(client, description):
    html = client.get(f"/tutkinnon-perusteet/{description.pk}/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    assert '<html lang="sv">' in html
    assert "<h1>Grundexamen i natur och miljö</h1>" in html


def test_unknown_description_is_not_found(client):
    missing = (QualificationDescription.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    assert client.get(f"/tutkinnon-perusteet/{missing}/").status_code == 404


def test_own_record_links_to_description(client, api, admin_user):
    study_right = store(api, admin_user, "ammatillinen-perustutkinto.json", synthetic_identity_code())[0]
    log_in(client, learner_of(study_right).oid)

    html = client.get("/omat-tiedot/").content.decode()

    linked = [pk for pk in QualificationDescription.objects.filter(diary_number=DIARY_NUMBER).values_list("pk", flat=True)
              if f'href="/tutkinnon-perusteet/{pk}/"' in html]
    assert len(linked) == 1


def test_accessibility_statement_names_feedback_address(client, settings):
    settings.TOR_ACCESSIBILITY_FEEDBACK_EMAIL = "saavutettavuus@tor.example.invalid"

    html = client.get("/saavutettavuusseloste/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<h1>Accessibility statement</h1>" in html
    assert 'href="mailto:saavutettavuus@tor.example.invalid"' in html


def test_home_page_links_to_statement(client):
    html = client.get("/").content.decode()

    assert 'href="/saavutettavuusseloste/"' in html
