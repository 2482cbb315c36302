"""What a share link shows: exactly the chosen data in HTML, JSON and PDF, and nothing once revoked or expired.

The learner has three study rights: basic education with four top-level achievements, a
vocational qualification, and pre-primary education with sensitive data (special-support
decisions, disability, accommodation). The links are created through the citizen's own page.
"""

import datetime
import json

import pytest
from django.utils import timezone

from registry.models import ActorType, AuditAction, AuditEvent, ShareLink, StudyRight
from registry.selectors.share_links import share_choices
from registry.services import share_links
from registry.transfer_format.sensitive import find_sensitive, sensitive_field_names
from tests.factories import synthetic_identity_code

from tests.registry.citizen.records import learner_of, log_in, pdf_text, store

pytestmark = pytest.mark.django_db

SHARE_LINKS = "/omat-tiedot/jaot/"
BASIC = "perusopetuksenoppimaara-paattotodistus.json"
VOCATIONAL = "ammatillinen-perustutkinto.json"
PRE_PRIMARY = "esiopetusvalmis.json"
# Names of the top-level achievements of the basic-education sample, in Finnish.
FINAL_SYLLABUS_NAME = "Perusopetus"
GRADE_YEAR_NAMES = ("7. vuosiluokka", "8. vuosiluokka", "9. vuosiluokka")
VOCATIONAL_NAME = "Luonto- ja ympäristöalan perustutkinto"


@pytest.fixture
def learner_record(api, admin_user):
    code = synthetic_identity_code()
    oids = {
        "basic": store(api, admin_user, BASIC, code)[0],
        "vocational": store(api, admin_user, VOCATIONAL, code)[0],
        "pre_primary": store(api, admin_user, PRE_PRIMARY, code)[0],
    }
    return learner_of(oids["basic"]), code, oids


def achievement_value(learner, study_right_oid, type_code):
    """Return the form value of the study right's top-level achievement of `type_code` on the share-link page."""
    for choice in share_choices(learner):
        if choice.study_right.oid == study_right_oid:
            return next(value for value, _achievement, key in choice.achievements if key[0] == type_code)
    raise AssertionError(f"{study_right_oid} is not among the learner's share choices")


def create_link(client, learner, **fields):
    """Create a link through the citizen's page and return (ShareLink, public path)."""
    log_in(client, learner.oid)
    data = {"selection": "chosen", "expires_on": share_links.default_expiry().isoformat(), **fields}
    response = client.post(SHARE_LINKS, data)
    assert response.status_code == 200, response.content.decode()[:2000]
    secret = response.context["secret"]
    client.logout()
    return response.context["link"], f"/jako/{secret}/"


def open_all(client, path):
    """Return the shared page's HTML, JSON text and PDF text, each opened anonymously."""
    html = client.get(path, HTTP_ACCEPT_LANGUAGE="fi")
    body = client.get(f"{path}json/")
    pdf = client.get(f"{path}pdf/", HTTP_ACCEPT_LANGUAGE="fi")
    assert (html.status_code, body.status_code, pdf.status_code) == (200, 200, 200)
    assert pdf["Content-Type"] == "application/pdf"
    return html.content.decode(), body.content.decode(), pdf_text(pdf.content)


def test_single_achievement_link_shows_only_it(client, learner_record):
    learner, code, oids = learner_record
    value = achievement_value(learner, oids["basic"], "perusopetuksenoppimaara")

    link, path = create_link(client, learner, achievements=[value])
    html, body, pdf = open_all(client, path)

    assert link.study_right_oids == []
    assert link.achievements == [{"study_right": oids["basic"], "type": "perusopetuksenoppimaara", "module": "201101"}]
    for output in (html, body, pdf):
        assert FINAL_SYLLABUS_NAME in output
        assert learner.last_name in output
        assert VOCATIONAL_NAME not in output
        for name in GRADE_YEAR_NAMES:
            assert name not in output
        assert code not in output
        assert learner.oid not in output
        assert oids["vocational"] not in output
        assert oids["pre_primary"] not in output
    document = json.loads(body)
    assert [study_right["oid"] for study_right in document["opiskeluoikeudet"]] == [oids["basic"]]
    assert [item["tyyppi"]["koodiarvo"] for item in document["opiskeluoikeudet"][0]["suoritukset"]] == ["perusopetuksenoppimaara"]
    assert set(document["henkilö"]) <= {"etunimet", "kutsumanimi", "sukunimi", "syntymäaika"}


def test_whole_study_right_link_leaves_out_sensitive_data(client, learner_record):
    learner, code, oids = learner_record
    stored = StudyRight.objects.get(oid=oids["pre_primary"]).document
    assert find_sensitive(stored, "esiopetus"), "the sample must hold sensitive data for this test to mean anything"

    _link, path = create_link(client, learner, study_rights=[oids["pre_primary"]])
    html, body, pdf = open_all(client, path)

    document = json.loads(body)
    [shared] = document["opiskeluoikeudet"]
    assert shared["oid"] == oids["pre_primary"]
    assert find_sensitive(shared, "esiopetus") == []
    assert "lisätiedot" not in shared
    for name in sensitive_field_names("esiopetus"):
        assert f'"{name}"' not in body
    for output in (html, body, pdf):
        assert code not in output
        assert oids["basic"] not in output
        assert oids["vocational"] not in output
        assert VOCATIONAL_NAME not in output


def test_completed_qualifications_link_shows_qualifications_only(client, learner_record):
    learner, _code, oids = learner_record

    _link, path = create_link(client, learner, selection="completed_qualifications")
    html, body, pdf = open_all(client, path)

    document = json.loads(body)
    assert [study_right["oid"] for study_right in document["opiskeluoikeudet"]] == [oids["vocational"]]
    for output in (html, body, pdf):
        assert VOCATIONAL_NAME in output
        assert FINAL_SYLLABUS_NAME not in output.replace(VOCATIONAL_NAME, "")
        assert oids["basic"] not in output
        assert oids["pre_primary"] not in output


def test_non_disclosure_order_masks_institution(client, learner_record):
    learner, _code, oids = learner_record
    learner.non_disclosure = True
    learner.save(update_fields=["non_disclosure"])

    _link, path = create_link(client, learner, study_rights=[oids["vocational"]])
    html, body, pdf = open_all(client, path)

    for output in (html, body, pdf):
        assert VOCATIONAL_NAME in output
        assert "Stadin ammatti- ja aikuisopisto" not in output
        assert "Helsinki" not in output


def test_revoked_link_stops_working(client, learner_record):
    learner, _code, oids = learner_record
    link, path = create_link(client, learner, study_rights=[oids["vocational"]])
    assert client.get(path).status_code == 200

    share_links.revoke(link)

    for suffix in ("", "json/", "pdf/"):
        response = client.get(f"{path}{suffix}")
        assert response.status_code == 404
        assert VOCATIONAL_NAME not in response.content.decode(errors="replace")


def test_expired_link_stops_working(client, learner_record):
    learner, _code, oids = learner_record
    link, path = create_link(client, learner, study_rights=[oids["vocational"]])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ShareLink.objects.filter(pk=link.pk).update(expires_on=yesterday)

    for suffix in ("", "json/", "pdf/"):
        assert client.get(f"{path}{suffix}").status_code == 404


def test_link_works_through_its_last_day(client, learner_record):
    learner, _code, oids = learner_record
    link, path = create_link(client, learner, study_rights=[oids["vocational"]])
    ShareLink.objects.filter(pk=link.pk).update(expires_on=timezone.localdate())

    assert client.get(path).status_code == 200


def test_unknown_secret_is_not_found(client, learner_record):
    assert client.get("/jako/" + "A" * 43 + "/").status_code == 404
    assert client.get("/jako/short/json/").status_code == 404


def test_invalidated_study_right_disappears_from_link(client, learner_record):
    learner, _code, oids = learner_record
    _link, path = create_link(client, learner, study_rights=[oids["vocational"], oids["basic"]])
    StudyRight.objects.filter(oid=oids["vocational"]).update(invalidated=True)

    body = client.get(f"{path}json/").content.decode()

    assert oids["basic"] in body
    assert oids["vocational"] not in body


def test_views_are_counted_and_audited(client, learner_record):
    learner, _code, oids = learner_record
    link, path = create_link(client, learner, study_rights=[oids["vocational"]])

    client.get(path)
    client.get(f"{path}json/")

    link.refresh_from_db()
    assert link.view_count == 2
    events = AuditEvent.objects.filter(action=AuditAction.SHARE_LINK_VIEW).order_by("id")
    assert [event.details["output"] for event in events if not event.study_right_oid] == ["html", "json"]
    assert {event.learner_oid for event in events} == {learner.oid}
    assert {event.study_right_oid for event in events} == {"", oids["vocational"]}
    assert {event.actor_type for event in events} == {ActorType.ANONYMOUS}


def test_owners_own_view_is_not_counted(client, learner_record):
    learner, _code, oids = learner_record
    link, path = create_link(client, learner, study_rights=[oids["vocational"]])
    log_in(client, learner.oid)

    client.get(path)

    link.refresh_from_db()
    assert link.view_count == 0
    event = AuditEvent.objects.filter(action=AuditAction.SHARE_LINK_VIEW).first()
    assert (event.actor_type, event.actor_id) == (ActorType.CITIZEN, learner.oid)


def test_public_page_headers_protect_secret(client, learner_record):
    learner, _code, oids = learner_record
    _link, path = create_link(client, learner, study_rights=[oids["vocational"]])

    response = client.get(path)

    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("language, qualification", [
    ("fi", "Luonto- ja ympäristöalan perustutkinto"),
    ("sv", "Grundexamen i natur och miljö"),
    ("en", "Vocational qualification in Natural and Environmental Protection"),
])
def test_page_is_in_viewers_language(client, learner_record, language, qualification):
    learner, _code, oids = learner_record
    _link, path = create_link(client, learner, study_rights=[oids["vocational"]])

    html = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'<html lang="{language}">' in html
    assert qualification in html
