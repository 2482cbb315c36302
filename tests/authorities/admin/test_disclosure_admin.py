"""The disclosure log in the admin: registry staff find a learner's disclosures by learner OID, with an audit event."""

import pytest

from registry.models import AuditAction, AuditEvent
from tests.authorities.disclosure import LOOKUP_URL, DisclosureClient, lookup_body, make_agreement, store_sample

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/authorities/disclosure/"


def test_search_by_learner_oid_lists_their_disclosures(client, admin_user):
    shown, other = store_sample("ammatillinen-perustutkinto.json"), store_sample("lukio-paattotodistus.json")
    caller = DisclosureClient(make_agreement("kela"))
    caller.post(LOOKUP_URL, lookup_body({"oid": shown.learner.oid}))
    caller.post(LOOKUP_URL, lookup_body({"oid": other.learner.oid}))
    client.force_login(admin_user)
    before = AuditEvent.objects.filter(action=AuditAction.ADMIN_VIEW).count()

    response = client.get(LIST_URL, {"q": shown.learner.oid})

    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert len(listed) == 1
    assert listed[0].entries.get().learner_id == shown.learner.pk
    events = AuditEvent.objects.filter(action=AuditAction.ADMIN_VIEW).order_by("id")[before:]
    assert [event.learner_oid for event in events] == [shown.learner.oid]


def test_list_without_search_records_no_event(client, admin_user):
    client.force_login(admin_user)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.ADMIN_VIEW).exists()


def test_officials_cannot_open_disclosure_log(client, official):
    client.force_login(official)

    assert client.get(LIST_URL).status_code == 403
