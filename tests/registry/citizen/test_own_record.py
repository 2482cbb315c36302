"""The own-record page in-process: login redirect, grouping and order, invalidated study rights, rendering.

The page's own wording is checked on the English page only, because the fi and sv catalogues will
translate it on the others. Code and organisation names are checked in every language.
"""

import re

import pytest
from django.utils.html import strip_tags

from registry.models import ActorType, AuditAction, AuditEvent, StudyRight
from tests.factories import LearnerFactory, synthetic_identity_code
from tests.registry.citizen.records import log_in, store

pytestmark = pytest.mark.django_db

OWN_RECORD = "/omat-tiedot/"
JYVASKYLA_NORMAL_SCHOOL = "1.2.246.562.10.14613773812"
STADIN_AMMATTIOPISTO = "1.2.246.562.10.52251087186"
HELSINGIN_MEDIALUKIO = "1.2.246.562.10.70411521654"


def learner_oid_of(study_right_oid):
    return StudyRight.objects.select_related("learner").get(oid=study_right_oid).learner.oid


def headings(html, level):
    return [" ".join(strip_tags(text).split()) for text in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)]


def invalidation_of(study_right_oid):
    """Return a change that turns a sample's study right into the invalidation of the stored one."""

    def invalidate(study_right):
        study_right["oid"] = study_right_oid
        study_right["tila"]["opiskeluoikeusjaksot"].append(
            {"alku": "2017-01-01", "tila": {"koodiarvo": "mitatoity", "koodistoUri": "koskiopiskeluoikeudentila"}}
        )

    return invalidate


@pytest.fixture
def record(api, admin_user):
    """One learner with study rights at three institutions, sent oldest institution first.

    Newest first, the page must show Jyväskylän normaalikoulu (upper secondary from 2019, then basic
    education from 2008), Stadin ammattiopisto (2012) and Helsingin medialukio (a matriculation
    examination with no periods, verified in June 2012).
    """
    code = synthetic_identity_code()
    oids = {"flagged_invalid": store(api, admin_user, "lukio-uusi.json", code)[0]}
    # Flagged before the 2019 upper secondary record arrives, which would otherwise duplicate it.
    StudyRight.objects.filter(oid=oids["flagged_invalid"]).update(invalidated=True)
    oids.update(
        basic=store(api, admin_user, "perusopetuksenoppimaara-paattotodistus.json", code)[0],
        vocational=store(api, admin_user, "ammatillinen-perustutkinto.json", code)[0],
        matriculation=store(api, admin_user, "ylioppilastutkinto.json", code)[0],
        upper_secondary=store(api, admin_user, "lukioops2019-oppimaara.json", code)[0],
        invalid_by_state=store(api, admin_user, "ammatillinen-oppisopimus.json", code)[0],
    )
    # A provider invalidates a study right by sending it again with a last period in state mitatoity.
    store(api, admin_user, "ammatillinen-oppisopimus.json", code, invalidation_of(oids["invalid_by_state"]))
    return learner_oid_of(oids["basic"]), oids


def test_anonymous_request_is_sent_to_login(client):
    response = client.get(OWN_RECORD)

    assert response.status_code == 302
    assert response["Location"] == "/omat-tiedot/kirjaudu/"


def test_login_leads_to_test_identification_when_enabled(client, settings):
    settings.TOR_TEST_IDENTIFICATION = True

    response = client.get("/omat-tiedot/kirjaudu/")

    assert response.status_code == 302
    assert response["Location"] == "/omat-tiedot/testitunnistautuminen/"


def test_login_is_unavailable_without_identification(client, settings):
    settings.TOR_TEST_IDENTIFICATION = False

    response = client.get("/omat-tiedot/kirjaudu/")

    assert response.status_code == 503


def test_groups_by_institution_newest_first(client, record):
    learner_oid, oids = record
    log_in(client, learner_oid)

    response = client.get(OWN_RECORD)

    assert response.status_code == 200
    groups = response.context["groups"]
    assert [group.oid for group in groups] == [JYVASKYLA_NORMAL_SCHOOL, STADIN_AMMATTIOPISTO, HELSINGIN_MEDIALUKIO]
    assert [[item.study_right.oid for item in group.study_rights] for group in groups] == [
        [oids["upper_secondary"], oids["basic"]],
        [oids["vocational"]],
        [oids["matriculation"]],
    ]
    html = response.content.decode()
    assert headings(html, 2) == ["Jyväskylän normaalikoulu", "Stadin ammatti- ja aikuisopisto", "Helsingin medialukio"]
    assert headings(html, 3) == ["Lukiokoulutus", "Perusopetus", "Ammatillinen koulutus", "Ylioppilastutkinto"]


def test_invalidated_study_rights_are_not_shown(client, record):
    learner_oid, oids = record
    log_in(client, learner_oid)

    html = client.get(OWN_RECORD).content.decode()

    assert oids["upper_secondary"] in html
    assert oids["flagged_invalid"] not in html
    assert oids["invalid_by_state"] not in html


def test_invalidated_state_hides_unflagged_right(client, api, admin_user):
    code = synthetic_identity_code()
    valid = store(api, admin_user, "lukio-paattotodistus.json", code)[0]
    invalidated = store(api, admin_user, "ammatillinen-oppisopimus.json", code)[0]
    store(api, admin_user, "ammatillinen-oppisopimus.json", code, invalidation_of(invalidated))
    StudyRight.objects.filter(oid=invalidated).update(invalidated=False)
    log_in(client, learner_oid_of(valid))

    response = client.get(OWN_RECORD)

    assert [item.study_right.oid for group in response.context["groups"] for item in group.study_rights] == [valid]
    assert invalidated not in response.content.decode()


def test_top_level_achievements_are_named(client, record):
    learner_oid, _oids = record
    log_in(client, learner_oid)

    html = client.get(OWN_RECORD).content.decode()

    assert headings(html, 4) == [
        "Lukion oppimäärä",
        "7. vuosiluokka",
        "8. vuosiluokka",
        "9. vuosiluokka",
        "Perusopetus",
        "Luonto- ja ympäristöalan perustutkinto",
        "Ylioppilastutkinto",
    ]


def test_other_learners_records_are_not_shown(client, record, api, admin_user):
    _learner_oid, oids = record
    other = store(api, admin_user, "lukio-paattotodistus.json", synthetic_identity_code())[0]
    log_in(client, learner_oid_of(other))

    html = client.get(OWN_RECORD).content.decode()

    assert other in html
    assert all(oid not in html for oid in oids.values())


def test_merged_learners_study_rights_are_shown(client, api, admin_user):
    master_right = store(api, admin_user, "lukio-paattotodistus.json", synthetic_identity_code())[0]
    master = StudyRight.objects.get(oid=master_right).learner
    duplicate = LearnerFactory(master=master)
    duplicate_right = store(api, admin_user, "ammatillinen-perustutkinto.json", synthetic_identity_code())[0]
    StudyRight.objects.filter(oid=duplicate_right).update(learner=duplicate)
    log_in(client, duplicate.oid)

    html = client.get(OWN_RECORD).content.decode()

    assert master_right in html
    assert duplicate_right in html


def test_parts_grades_and_verification_are_rendered(client, api, admin_user):
    study_right = store(api, admin_user, "ammatillinen-perustutkinto.json", synthetic_identity_code())[0]
    log_in(client, learner_oid_of(study_right))

    html = client.get(OWN_RECORD, HTTP_ACCEPT_LANGUAGE="fi").content.decode()

    assert "Ympäristöalan osaamisala" in html
    assert "Ympäristönhoitaja" in html
    assert '<th scope="row">Kestävällä tavalla toimiminen</th>' in html
    assert "<td>40 osaamispistettä</td>" in html
    assert "3 (kiitettävä)" in html
    assert '<time datetime="2015-01-01">1.1.2015</time>' in html
    assert '<time datetime="2016-08-31">31.8.2016</time>' in html
    assert "<dd>Helsinki</dd>" in html
    assert "Stadin ammatti- ja aikuisopisto, Lehtikuusentien toimipaikka" in html


def test_nested_parts_are_in_collapsible_rows(client, api, admin_user):
    study_right = store(api, admin_user, "ammatillinen-perustutkinto.json", synthetic_identity_code())[0]
    log_in(client, learner_oid_of(study_right))

    html = client.get(OWN_RECORD).content.decode()

    sub_rows = re.findall(r'<tr class="sub-parts">(.*?)</details>', html, re.S)
    assert len(sub_rows) == 5
    assert "Hoitotarpeen määrittäminen" in sub_rows[0]
    assert html.count('<table class="parts">') == 6


def test_english_page_labels_facts(client, api, admin_user):
    study_right = store(api, admin_user, "ammatillinen-perustutkinto.json", synthetic_identity_code())[0]
    log_in(client, learner_oid_of(study_right))

    html = client.get(OWN_RECORD, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="en">' in html
    assert headings(html, 4) == ["Vocational qualification in Natural and Environmental Protection"]
    assert "<dt>Competence area</dt>" in html
    assert "<dt>Qualification title</dt>" in html
    assert "<dd>Environmental Operative</dd>" in html
    assert "<dt>Place of verification</dt>" in html
    assert '<p class="status status-verified">Verified</p>' in html
    assert "40 ECVET competence points" in html
    assert "3 (excellent)" in html
    assert "(recognised prior learning)" in html


def test_unverified_achievement_is_in_progress(client, api, admin_user):
    study_right = store(api, admin_user, "ammatillinen-reforminmukainenperustutkinto.json", synthetic_identity_code())[0]
    log_in(client, learner_oid_of(study_right))

    html = client.get(OWN_RECORD, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<p class="status status-in-progress">In progress</p>' in html
    assert "Verification date" not in html


def test_achievement_without_module_name_shows_its_type(client, api, admin_user):
    study_right = store(api, admin_user, "lukioops2019-oppiaineidenoppimaara.json", synthetic_identity_code())[0]
    log_in(client, learner_oid_of(study_right))

    html = client.get(OWN_RECORD).content.decode()

    assert headings(html, 4) == ["Lukion aineopinnot"]


def test_swedish_page_shows_swedish_names(client, api, admin_user):
    study_right = store(api, admin_user, "ammatillinen-perustutkinto.json", synthetic_identity_code())[0]
    log_in(client, learner_oid_of(study_right))

    html = client.get(OWN_RECORD, HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    assert '<html lang="sv">' in html
    assert headings(html, 4) == ["Grundexamen i natur och miljö"]
    assert headings(html, 3) == ["Yrkesutbildning"]
    assert "Kompetensområdet för miljö" in html
    assert "<td>Utexaminerad</td>" in html


def test_name_in_another_language_is_marked(client, api, admin_user):
    study_right = store(api, admin_user, "ammatillinen-perustutkinto.json", synthetic_identity_code())[0]
    log_in(client, learner_oid_of(study_right))

    html = client.get(OWN_RECORD, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<dd><span lang="fi">Ympäristöalan osaamisala</span></dd>' in html


def test_language_switcher_returns_to_page(client, api, admin_user):
    study_right = store(api, admin_user, "ammatillinen-perustutkinto.json", synthetic_identity_code())[0]
    log_in(client, learner_oid_of(study_right))

    switched = client.post("/i18n/setlang/", {"language": "sv", "next": OWN_RECORD})
    html = client.get(OWN_RECORD).content.decode()

    assert switched.status_code == 302
    assert switched["Location"] == OWN_RECORD
    assert '<html lang="sv">' in html
    assert f'<input name="next" type="hidden" value="{OWN_RECORD}">' in html
    assert '<option value="sv" lang="sv" selected>svenska</option>' in html


def test_page_is_not_cached(client, api, admin_user):
    study_right = store(api, admin_user, "lukio-paattotodistus.json", synthetic_identity_code())[0]
    log_in(client, learner_oid_of(study_right))

    response = client.get(OWN_RECORD)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_page_view_is_audited(client, api, admin_user):
    study_right = store(api, admin_user, "lukio-paattotodistus.json", synthetic_identity_code())[0]
    learner_oid = learner_oid_of(study_right)
    log_in(client, learner_oid)

    client.get(OWN_RECORD)

    event = AuditEvent.objects.get(action=AuditAction.CITIZEN_OWN_RECORD_VIEW)
    assert event.learner_oid == learner_oid
    assert event.actor_type == ActorType.CITIZEN
    assert event.actor_id == learner_oid


def test_anonymous_request_is_not_audited(client):
    client.get(OWN_RECORD)

    assert not AuditEvent.objects.filter(action=AuditAction.CITIZEN_OWN_RECORD_VIEW).exists()


def test_learner_without_study_rights_sees_empty_record(client):
    learner = LearnerFactory()
    log_in(client, learner.oid)

    response = client.get(OWN_RECORD, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["groups"] == []
    assert "The register holds no study rights of yours." in response.content.decode()
