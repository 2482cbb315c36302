"""The disclosure API's lookup: learners by identity code or OID, cut to the agreement's profile, logged per learner."""

import pytest

from authorities.models import AccessMode, Disclosure, DisclosureLogEntry
from registry.models import AuditAction, AuditEvent
from tests.authorities.disclosure import (
    LOOKUP_URL,
    DisclosureClient,
    error_keys,
    lookup_body,
    make_agreement,
    store_sample,
)
from tests.factories import synthetic_identity_code

pytestmark = pytest.mark.django_db


def test_lookup_by_identity_code_returns_profile_fields():
    code = synthetic_identity_code()
    stored = store_sample("ammatillinen-perustutkinto.json", code)
    caller = DisclosureClient(make_agreement("kela"))

    response = caller.post(LOOKUP_URL, lookup_body({"hetu": code}))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["eiLöytyneet"] == []
    learner = body["oppijat"][0]
    assert learner["haku"] == 0
    assert learner["henkilö"]["oid"] == stored.learner.oid
    assert learner["henkilö"]["hetu"] == code
    assert "etunimet" not in learner["henkilö"]
    assert learner["opiskeluoikeudet"][0]["oid"] == stored.study_rights[0].study_right.oid


def test_lookup_by_oid_and_unknown_code_lists_missing_position():
    stored = store_sample("lukio-paattotodistus.json")
    caller = DisclosureClient(make_agreement("kela"))

    response = caller.post(LOOKUP_URL, lookup_body({"hetu": synthetic_identity_code()}, {"oid": stored.learner.oid}))

    assert response.status_code == 200, response.content
    body = response.json()
    assert [item["haku"] for item in body["oppijat"]] == [1]
    assert body["eiLöytyneet"] == [0]


def test_lookup_outside_education_types_returns_nothing():
    stored = store_sample("lukio-paattotodistus.json")
    caller = DisclosureClient(make_agreement("valvira"))

    response = caller.post(LOOKUP_URL, lookup_body({"oid": stored.learner.oid}))

    assert response.status_code == 200
    assert response.json() == {"oppijat": [], "eiLöytyneet": [0]}
    assert not DisclosureLogEntry.objects.exists()


def test_lookup_writes_log_row_and_audit_event_per_learner():
    first, second = store_sample("lukio-paattotodistus.json"), store_sample("ammatillinen-perustutkinto.json")
    agreement = make_agreement("kela")
    caller = DisclosureClient(agreement)

    response = caller.post(LOOKUP_URL, lookup_body({"oid": first.learner.oid}, {"oid": second.learner.oid}))

    assert response.status_code == 200
    disclosure = Disclosure.objects.get()
    assert disclosure.mode == AccessMode.LOOKUP
    assert disclosure.agreement == agreement
    assert disclosure.learner_count == 2
    assert disclosure.purpose == agreement.purpose
    assert set(DisclosureLogEntry.objects.values_list("learner__oid", flat=True)) == {first.learner.oid, second.learner.oid}
    events = AuditEvent.objects.filter(action=AuditAction.DISCLOSURE)
    assert sorted(events.values_list("learner_oid", flat=True)) == sorted([first.learner.oid, second.learner.oid])
    assert set(events.values_list("agreement_id", flat=True)) == {str(agreement.pk)}


def test_lookup_over_agreement_limit_is_rejected():
    caller = DisclosureClient(make_agreement("kela", lookup_batch_limit=2))

    response = caller.post(LOOKUP_URL, lookup_body(*[{"hetu": synthetic_identity_code()} for _ in range(3)]))

    assert response.status_code == 400
    assert error_keys(response) == ["badRequest.luovutus.liianMontaOppijaa"]


@pytest.mark.parametrize(
    "body",
    [{}, {"oppijat": []}, {"oppijat": [{"hetu": "1", "oid": "2"}]}, {"oppijat": [{"oid": "1.2.246.562.10.1"}]}, []],
)
def test_malformed_lookup_is_rejected_with_key(body):
    caller = DisclosureClient(make_agreement("kela"))

    response = caller.post(LOOKUP_URL, body)

    assert response.status_code == 400
    assert set(error_keys(response)) == {"badRequest.luovutus.virheellinenHaku"}
    assert not Disclosure.objects.exists()


def test_invalid_identity_code_is_rejected_without_echo():
    caller = DisclosureClient(make_agreement("kela"))

    response = caller.post(LOOKUP_URL, lookup_body({"hetu": "010101-1234"}))

    assert response.status_code == 400
    assert error_keys(response) == ["badRequest.validation.henkilötiedot.hetu"]


def test_lookup_follows_merge_and_replaced_identity_code(admin_user):
    from registry.services.learners import merge_learners, set_identity_code

    old_code, new_code = synthetic_identity_code(), synthetic_identity_code()
    master = store_sample("ammatillinen-perustutkinto.json", old_code)
    duplicate = store_sample("lukio-paattotodistus.json")
    set_identity_code(master.learner, new_code, reason="test", user=admin_user)
    merge_learners(duplicate.learner, master.learner, reason="test", user=admin_user)
    caller = DisclosureClient(make_agreement("kela"))

    response = caller.post(LOOKUP_URL, lookup_body({"hetu": old_code}, {"oid": duplicate.learner.oid}))

    body = response.json()
    assert response.status_code == 200, response.content
    assert [item["henkilö"]["oid"] for item in body["oppijat"]] == [master.learner.oid, master.learner.oid]
    assert body["oppijat"][0]["henkilö"]["hetu"] == new_code
    assert len(body["oppijat"][0]["opiskeluoikeudet"]) == 2
    assert DisclosureLogEntry.objects.get().learner_id == master.learner.pk


def test_lookup_query_count_does_not_grow_with_learners():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stored = [store_sample(name, synthetic_identity_code()) for name in (
        "ammatillinen-perustutkinto.json", "lukio-paattotodistus.json", "ammatillinen-erikoisammattitutkinto.json",
    )]
    caller = DisclosureClient(make_agreement("kela"))
    caller.post(LOOKUP_URL, lookup_body({"oid": stored[0].learner.oid}))  # Fills per-process caches, such as content types.

    def queries(*oids):
        with CaptureQueriesContext(connection) as captured:
            response = caller.post(LOOKUP_URL, lookup_body(*({"oid": oid} for oid in oids)))
        assert response.status_code == 200
        assert len(response.json()["oppijat"]) == len(oids)
        return len(captured)

    assert queries(*(item.learner.oid for item in stored)) == queries(stored[0].learner.oid)
