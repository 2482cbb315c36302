"""The demo's test identification page: off unless the setting enables it, lists named learners, logs in and out."""

import pytest

from registry.citizen.session import SESSION_KEY
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

PAGE = "/omat-tiedot/testitunnistautuminen/"
OWN_RECORD = "/omat-tiedot/"


@pytest.fixture
def enabled(settings):
    settings.TOR_TEST_IDENTIFICATION = True


@pytest.mark.parametrize("method", ["get", "post"])
def test_page_is_404_when_setting_is_off(client, settings, method):
    settings.TOR_TEST_IDENTIFICATION = False
    learner = LearnerFactory()

    response = getattr(client, method)(PAGE, {"learner": learner.oid} if method == "post" else None)

    assert response.status_code == 404
    assert SESSION_KEY not in client.session


def test_page_lists_named_learners_only(client, enabled):
    named = LearnerFactory(first_names="Aino", last_name="Aaltonen")
    nameless = LearnerFactory(first_names="", last_name="")
    merged = LearnerFactory(last_name="Kaksoiskappale", master=named)

    response = client.get(PAGE)

    assert response.status_code == 200
    assert list(response.context["learners"]) == [named]
    html = response.content.decode()
    assert f'value="{named.oid}"' in html
    assert nameless.oid not in html
    assert merged.oid not in html


def test_search_narrows_the_list(client, enabled):
    aino = LearnerFactory(first_names="Aino", last_name="Aaltonen")
    LearnerFactory(first_names="Bertta", last_name="Berg")

    by_name = client.get(PAGE, {"q": "aalto"})
    by_oid = client.get(PAGE, {"q": aino.oid})

    assert list(by_name.context["learners"]) == [aino]
    assert list(by_oid.context["learners"]) == [aino]


def test_choosing_a_learner_logs_in(client, enabled):
    learner = LearnerFactory(first_names="Aino", last_name="Aaltonen")
    client.get(PAGE)
    anonymous_session_key = client.session.session_key

    response = client.post(PAGE, {"learner": learner.oid})

    assert response.status_code == 302
    assert response["Location"] == OWN_RECORD
    assert client.session[SESSION_KEY] == learner.oid
    assert client.session.session_key != anonymous_session_key
    own_record = client.get(OWN_RECORD)
    assert own_record.status_code == 200
    assert own_record.context["learner"] == learner


@pytest.mark.parametrize("choice", ["", "1.2.246.562.24.00000000001", "merged"])
def test_unknown_choice_is_rejected(client, enabled, choice):
    master = LearnerFactory()
    if choice == "merged":
        choice = LearnerFactory(master=master).oid

    response = client.post(PAGE, {"learner": choice}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.context["form"].errors["learner"]
    assert 'role="alert"' in response.content.decode()
    assert SESSION_KEY not in client.session


def test_logout_ends_the_session(client, enabled):
    learner = LearnerFactory()
    client.post(PAGE, {"learner": learner.oid})

    response = client.post("/omat-tiedot/kirjaudu-ulos/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert SESSION_KEY not in client.session
    assert client.get(OWN_RECORD).status_code == 302


def test_logout_needs_post(client, enabled):
    learner = LearnerFactory()
    client.post(PAGE, {"learner": learner.oid})

    response = client.get("/omat-tiedot/kirjaudu-ulos/")

    assert response.status_code == 405
    assert client.session[SESSION_KEY] == learner.oid


def test_home_notice_only_when_enabled(client, settings):
    settings.TOR_TEST_IDENTIFICATION = False
    without = client.get("/")
    settings.TOR_TEST_IDENTIFICATION = True
    with_it = client.get("/")

    assert without.status_code == 200
    assert 'class="notice"' not in without.content.decode()
    assert 'class="notice"' in with_it.content.decode()
