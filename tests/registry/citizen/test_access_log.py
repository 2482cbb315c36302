"""Who has viewed my data: reads by officials, disclosures to authorities and share-link views, but not the learner's own."""

import pytest

from authorities.models import AccessMode
from authorities.selectors.access import AgreementAccess
from authorities.selectors.disclosure import DisclosedLearner
from authorities.services.disclosures import add_learners, log_disclosure, open_disclosure
from authorities.transfer_format.profiles import PROFILES
from registry.models import AuditAction, AuditEvent
from registry.selectors.citizen import AccessKind, access_log
from registry.services import share_links
from tests.factories import LearnerFactory, synthetic_identity_code
from tests.oauth2 import agreement
from tests.registry.citizen.records import learner_of, log_in, store

pytestmark = pytest.mark.django_db

ACCESS_LOG = "/omat-tiedot/kuka-on-katsonut/"
STADIN_AMMATTIOPISTO = "1.2.246.562.10.52251087186"


@pytest.fixture
def learner_with_right(api, admin_user):
    vocational = store(api, admin_user, "ammatillinen-perustutkinto.json", synthetic_identity_code())[0]
    return learner_of(vocational), vocational


def authority_access():
    profile = next(iter(PROFILES.values()))
    return AgreementAccess(agreement=agreement(), client=None, profile=profile)


def test_nothing_listed_before_anyone_reads(client, learner_with_right):
    learner, _oid = learner_with_right
    log_in(client, learner.oid)

    response = client.get(ACCESS_LOG, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["groups"] == []


def test_officials_read_is_grouped_by_organisation(client, api, admin_user, learner_with_right):
    learner, oid = learner_with_right
    assert api.as_user(admin_user, "admin-password").get(f"/api/v1/oppija/{learner.oid}").status_code == 200
    log_in(client, learner.oid)

    response = client.get(ACCESS_LOG, HTTP_ACCEPT_LANGUAGE="fi")

    [group] = response.context["groups"]
    assert (group.kind, group.key) == (AccessKind.ORGANISATION, STADIN_AMMATTIOPISTO)
    assert group.entries[0].study_right_count == 1
    assert group.entries[0].purpose
    assert "Stadin ammatti- ja aikuisopisto" in response.content.decode()


def test_disclosure_is_grouped_by_authority(client, learner_with_right):
    learner, _oid = learner_with_right
    log_disclosure(authority_access(), AccessMode.LOOKUP, [DisclosedLearner(learner=learner, study_right_count=1, document={})])
    log_in(client, learner.oid)

    response = client.get(ACCESS_LOG, HTTP_ACCEPT_LANGUAGE="fi")

    [group] = response.context["groups"]
    assert group.kind == AccessKind.AUTHORITY
    [entry] = group.entries
    assert entry.purpose == "Opintotuen myöntäminen ja valvonta"
    assert entry.legal_basis == "Laki opintotuesta 41 §"
    assert entry.study_right_count == 1
    html = response.content.decode()
    assert "Kansaneläkelaitos" in html
    assert "Opintotuen myöntäminen ja valvonta" in html


def test_unfinished_dataset_is_not_listed(learner_with_right):
    learner, _oid = learner_with_right

    disclosure = open_disclosure(authority_access(), AccessMode.BULK_DATASET, complete=False)
    add_learners(disclosure, [DisclosedLearner(learner=learner, study_right_count=1, document={})])

    assert access_log(learner) == []


def test_share_link_views_are_listed_by_link(client, learner_with_right):
    learner, oid = learner_with_right
    link, secret = share_links.create(learner, selection="chosen", study_right_oids=[oid])
    client.get(f"/jako/{secret}/")
    client.get(f"/jako/{secret}/json/")
    log_in(client, learner.oid)

    response = client.get(ACCESS_LOG)

    [group] = response.context["groups"]
    assert (group.kind, group.key, group.share_link) == (AccessKind.SHARE_LINK, str(link.pk), link)
    assert len(group.entries) == 2


def test_learners_own_views_are_not_listed(client, learner_with_right):
    learner, oid = learner_with_right
    _link, secret = share_links.create(learner, selection="chosen", study_right_oids=[oid])
    log_in(client, learner.oid)

    client.get("/omat-tiedot/")
    client.get("/omat-tiedot/tiedot.json")
    client.get(f"/jako/{secret}/")
    response = client.get(ACCESS_LOG)

    assert response.context["groups"] == []
    assert AuditEvent.objects.filter(action=AuditAction.SHARE_LINK_VIEW, learner_oid=learner.oid).exists()


def test_merged_learners_reads_are_listed(client, api, admin_user, learner_with_right):
    learner, _oid = learner_with_right
    duplicate = LearnerFactory(master=learner)
    log_disclosure(authority_access(), AccessMode.LOOKUP, [DisclosedLearner(learner=duplicate, study_right_count=0, document={})])
    log_in(client, duplicate.oid)

    response = client.get(ACCESS_LOG)

    assert [group.kind for group in response.context["groups"]] == [AccessKind.AUTHORITY]


def test_other_learners_reads_are_not_listed(client, api, admin_user, learner_with_right):
    learner, _oid = learner_with_right
    other = store(api, admin_user, "lukio-paattotodistus.json", synthetic_identity_code())[0]
    api.as_user(admin_user, "admin-password").get(f"/api/v1/oppija/{learner_of(other).oid}")
    log_in(client, learner.oid)

    response = client.get(ACCESS_LOG)

    assert response.context["groups"] == []


def test_page_view_is_audited(client, learner_with_right):
    learner, _oid = learner_with_right
    log_in(client, learner.oid)

    client.get(ACCESS_LOG)

    assert AuditEvent.objects.filter(action=AuditAction.CITIZEN_ACCESS_LOG_VIEW, learner_oid=learner.oid).count() == 1


def test_anonymous_request_is_sent_to_login(client):
    response = client.get(ACCESS_LOG)

    assert response.status_code == 302
    assert response["Location"] == "/omat-tiedot/kirjaudu/"
