"""Fixtures of the admin tests: two organisations' study rights and officials with rights to one of them."""

import pytest

from registry import permissions
from registry.models import Organisation
from tests.factories import UserFactory
from tests.registry.admin.records import INSTITUTION_A, INSTITUTION_B, PROVIDER_A, SAMPLE_A, SAMPLE_B, store_sample

@pytest.fixture
def provider_a(db):
    return Organisation.objects.get(oid=PROVIDER_A)


@pytest.fixture
def institution_a(db):
    return Organisation.objects.get(oid=INSTITUTION_A)


@pytest.fixture
def institution_b(db):
    return Organisation.objects.get(oid=INSTITUTION_B)


@pytest.fixture
def study_right_a(admin_user):
    return store_sample(SAMPLE_A, admin_user)


@pytest.fixture
def study_right_b(admin_user):
    return store_sample(SAMPLE_B, admin_user)


@pytest.fixture
def official_a(official, provider_a):
    """A staff user who may read the study rights of provider A and of everything under it."""
    permissions.grant(official, permissions.READ, provider_a)
    return official


@pytest.fixture
def staff_without_rights(db):
    return UserFactory(username="staff-without-rights", is_staff=True)


@pytest.fixture
def as_superuser(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def as_official_a(client, official_a):
    client.force_login(official_a)
    return client
