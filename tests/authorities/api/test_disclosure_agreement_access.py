"""Every disclosure endpoint refuses a caller whose agreement is not in force or does not allow the access mode."""

import datetime

import pytest
from django.test import Client

from authorities.models import AccessMode, AgreementStatus
from authorities.services.agreements import save_agreement
from tests.authorities.disclosure import (
    AGGREGATES_URL,
    DATASETS_URL,
    FEED_URL,
    LOOKUP_URL,
    DisclosureClient,
    error_keys,
    lookup_body,
    make_agreement,
    store_sample,
)
from tests.factories import PASSWORD, UserFactory
from tests.oauth2 import basic_header

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("POST", LOOKUP_URL, lookup_body({"oid": "1.2.246.562.24.00000000001"})),
    ("GET", FEED_URL, None),
    ("GET", DATASETS_URL, None),
    ("POST", DATASETS_URL, {"muoto": "jsonl"}),
]


def send(caller, method, url, body):
    return caller.post(url, body) if method == "POST" else caller.get(url)


def move_to(agreement, *statuses):
    for status in statuses:
        agreement.status = status
        save_agreement(agreement)
    return agreement


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
@pytest.mark.parametrize(
    ("path", "key"),
    [
        ((AgreementStatus.SUSPENDED,), "forbidden.luovutus.sopimusKeskeytetty"),
        ((AgreementStatus.ENDED,), "forbidden.luovutus.sopimusPäättynyt"),
    ],
)
def test_suspended_or_ended_agreement_gets_403(method, url, body, path, key):
    agreement = make_agreement("kela")
    caller = DisclosureClient(agreement)
    move_to(agreement, *path)

    response = send(caller, method, url, body)

    assert response.status_code == 403
    assert error_keys(response) == [key]


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_draft_agreement_gets_403(method, url, body):
    caller = DisclosureClient(make_agreement("kela", status=AgreementStatus.DRAFT))

    response = send(caller, method, url, body)

    assert response.status_code == 403
    assert error_keys(response) == ["forbidden.luovutus.sopimusEiVoimassa"]


def test_agreement_past_its_end_gets_403():
    caller = DisclosureClient(make_agreement("kela", valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2021, 1, 1)))

    response = caller.get(FEED_URL)

    assert response.status_code == 403
    assert error_keys(response) == ["forbidden.luovutus.sopimusPäättynyt"]


def test_agreement_not_yet_valid_gets_403():
    caller = DisclosureClient(make_agreement("kela", valid_from=datetime.date(2999, 1, 1)))

    response = caller.get(FEED_URL)

    assert response.status_code == 403
    assert error_keys(response) == ["forbidden.luovutus.sopimusEiVoimassa"]


def test_mode_outside_agreement_gets_403():
    caller = DisclosureClient(make_agreement("kela", modes=[AccessMode.LOOKUP]))

    response = caller.get(FEED_URL)

    assert response.status_code == 403
    assert error_keys(response) == ["forbidden.luovutus.käyttötapa"]


def test_aggregate_only_profile_cannot_look_up_learners():
    stored = store_sample("ammatillinen-perustutkinto.json")
    caller = DisclosureClient(make_agreement("amke"))

    response = caller.post(LOOKUP_URL, lookup_body({"oid": stored.learner.oid}))

    assert response.status_code == 403
    assert error_keys(response) == ["forbidden.luovutus.käyttötapa"]


def test_user_without_agreement_gets_403():
    user = UserFactory(username="no-agreement")

    response = Client().get(AGGREGATES_URL, HTTP_AUTHORIZATION=basic_header(user.username, PASSWORD))

    assert response.status_code == 403
    assert error_keys(response) == ["forbidden.luovutus.eiSopimusta"]


def test_anonymous_caller_gets_401():
    response = Client().get(FEED_URL)

    assert response.status_code == 401
