"""Sending one case of the permission matrix as one role, and checking the response, the data and the audit trail."""

import json
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse
from guardian.models import GroupObjectPermission, UserObjectPermission
from oauth2_provider.models import AccessToken

from authorities.models import ApiClient, Authority, DataSharingAgreement
from registry.middleware import REQUEST_ID_HEADER
from registry.models import Achievement, AuditAction, AuditEvent, Learner, RoleGrant, StudyRight, StudyRightVersion

from .table import LOGIN, WRITE
from .world import prepare_client

WRITE_ACTIONS = {AuditAction.LEARNER_WRITE, AuditAction.STUDY_RIGHT_WRITE, AuditAction.STUDY_RIGHT_INVALIDATE}
# What a refused write must leave as it was. The transfer log is left out: a rejected transfer is logged by design.
GUARDED_MODELS = (
    Learner, StudyRight, StudyRightVersion, Achievement, RoleGrant, UserObjectPermission, GroupObjectPermission,
    Group, ApiClient, Authority, DataSharingAgreement, AccessToken,
)


def run_case(world, role, case):
    """Send `case` as `role` in a savepoint that is rolled back afterwards, and check everything it promises."""
    with transaction.atomic():
        check_case(world, role, case)
        transaction.set_rollback(True)


def check_case(world, role, case):
    setup = world.role(role)
    client = Client()
    headers = prepare_client(client, setup)
    if case.headers is not None:
        headers = case.headers(world, role) or headers
    url = case.url(world)
    data = case.data(world) if case.data is not None else None
    label = f"{case.method} {url} ({case.name or 'case'}) as {role}"

    guarded = case.kind == WRITE and role not in case.changed_by
    before = fingerprint(world) if guarded else None
    last_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = send(client, case.method, url, data, case.json, headers)

    assert_status(response, case.statuses[role], label)
    assert_no_leak(world, role, url, data, response, label)
    assert_events(world, role, case, response, last_event, label)
    if guarded:
        assert fingerprint(world) == before, f"{label}: a refused write changed the database"


def send(client, method, url, data, as_json, headers):
    if as_json:
        return client.generic(method, url, json.dumps(data, ensure_ascii=False), content_type="application/json", **headers)
    if method == "GET":
        return client.get(url, **headers)
    if method == "POST":
        return client.post(url, data or {}, **headers)
    return client.generic(method, url, **headers)


def assert_status(response, expected, label):
    if expected == LOGIN:
        assert response.status_code == 302, f"{label}: expected a redirect to the login page, got {response.status_code}"
        assert response["Location"].startswith(reverse("admin:login")), f"{label}: redirected to {response['Location']}"
        return
    assert response.status_code == expected, (
        f"{label}: expected {expected}, got {response.status_code}: {response.content.decode(errors='replace')[:300]}"
    )


def assert_no_leak(world, role, url, data, response, label):
    """Assert that the body names no one and no study right out of the role's scope, and no sensitive field it may not see.

    An OID that the request itself sent may come back, in an error message that repeats it.
    """
    body = response.content.decode("utf-8", errors="replace")
    sent = url + (json.dumps(data, ensure_ascii=False) if data is not None else "")

    visible_people = world.visible_people(role)
    for key, person in world.people.items():
        if key in visible_people:
            continue
        assert person.last_name not in body, f"{label}: the response names {key}, who is out of scope"
        assert not person.oid or person.oid in sent or person.oid not in body, (
            f"{label}: the response holds the OID of {key}, who is out of scope"
        )

    visible_rights = set(world.visible_study_rights(role))
    for key, right in world.study_rights.items():
        if key not in visible_rights and right.oid not in sent:
            assert right.oid not in body, f"{label}: the response holds study right {key}, which is out of scope"

    if not world.may_see_sensitive(role):
        for name in sorted(world.sensitive_names):
            for form in (name, json.dumps(name)[1:-1]):
                assert form not in body, f"{label}: the response holds the sensitive field {name}"


def assert_events(world, role, case, response, last_event, label):
    """Assert that the request recorded exactly the events it should, with its actor and its request id."""
    events = list(AuditEvent.objects.filter(id__gt=last_event).order_by("id"))
    setup = world.role(role)

    for event in events:
        assert event.request_id == response[REQUEST_ID_HEADER], f"{label}: event {event.action} has another request id"
        assert (event.actor_type, event.actor_id) == (setup.actor_type, setup.actor_id), (
            f"{label}: event {event.action} names actor {event.actor_type} {event.actor_id}"
        )

    expected_reads = []
    shown = response.status_code in case.event_statuses and case.statuses[role] != LOGIN
    if case.events is not None and shown:
        expected_reads = case.events(world, role)
    expected_writes = list(case.write_events) if role in case.changed_by else []
    reads = [(event.action, event.learner_oid, event.study_right_oid) for event in events if event.action not in WRITE_ACTIONS]
    writes = [event.action for event in events if event.action in WRITE_ACTIONS]
    assert Counter(reads) == Counter(expected_reads), f"{label}: read events {reads}, expected {expected_reads}"
    assert Counter(writes) == Counter(expected_writes), f"{label}: write events {writes}, expected {expected_writes}"


def fingerprint(world):
    """Return the rows a refused write must not change: learners' data, rights, clients and the opened admin rows."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in GUARDED_MODELS}
    rows["users"] = list(get_user_model().objects.order_by("pk").values())
    for label, obj in world.objects.items():
        rows[label] = list(type(obj).objects.filter(pk=obj.pk).values())
    return rows
