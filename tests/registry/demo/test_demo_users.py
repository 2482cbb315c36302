"""Demo users: the registry administrator, and the provider official with rights to one institution only."""

import base64

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from registry import permissions
from registry.models import Learner, Organisation
from registry.services.demo import PROVIDER_OFFICIAL, REGISTRY_ADMINISTRATOR
from registry.services.demo.users import DEMO_INSTITUTION_OID

pytestmark = pytest.mark.django_db

# Jyväskylän normaalikoulu, where other demo learners study.
OTHER_INSTITUTION_OID = "1.2.246.562.10.14613773812"


def basic_auth(login):
    token = base64.b64encode(f"{login.username}:{login.password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_registry_administrator_is_superuser(load_own_demo_data):
    load_own_demo_data()

    user = get_user_model().objects.get(username=REGISTRY_ADMINISTRATOR.username)
    assert user.is_superuser
    assert user.is_staff
    assert user.check_password(REGISTRY_ADMINISTRATOR.password)


def test_official_writes_one_institution_only(load_own_demo_data):
    load_own_demo_data()

    user = get_user_model().objects.get(username=PROVIDER_OFFICIAL.username)
    institution = Organisation.objects.get(oid=DEMO_INSTITUTION_OID)
    unit = institution.children.first()
    other = Organisation.objects.get(oid=OTHER_INSTITUTION_OID)
    assert user.is_staff
    assert not user.is_superuser
    assert user.check_password(PROVIDER_OFFICIAL.password)
    assert permissions.has_organisation_permission(user, permissions.WRITE, institution)
    assert permissions.has_organisation_permission(user, permissions.READ, institution)
    assert permissions.has_organisation_permission(user, permissions.READ, unit)
    assert not permissions.has_organisation_permission(user, permissions.READ, other)


def test_official_reads_own_institution_through_api(client, load_own_demo_data):
    load_own_demo_data()
    own = Learner.objects.get(study_rights__institution__oid=DEMO_INSTITUTION_OID, study_rights__state="valmistunut")
    other = Learner.objects.filter(study_rights__institution__oid=OTHER_INSTITUTION_OID).first()

    allowed = client.get(f"/api/v1/oppija/{own.oid}", **basic_auth(PROVIDER_OFFICIAL))
    hidden = client.get(f"/api/v1/oppija/{other.oid}", **basic_auth(PROVIDER_OFFICIAL))

    assert allowed.status_code == 200, allowed.content.decode()
    assert hidden.status_code == 404, hidden.content.decode()


def test_second_load_keeps_users_and_rights(load_own_demo_data):
    load_own_demo_data()

    output = load_own_demo_data()

    assert "demo users added: none; rights granted: 0" in output
    assert get_user_model().objects.filter(username__startswith="demo-").count() == 2


def test_admin_without_superuser_is_rejected(load_own_demo_data):
    get_user_model().objects.create_user(REGISTRY_ADMINISTRATOR.username, password="something-else")

    with pytest.raises(CommandError, match="is not an active superuser"):
        load_own_demo_data()

    assert not Learner.objects.exists()


def test_load_needs_synthetic_identity_codes(settings, load_own_demo_data):
    settings.TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES = False

    with pytest.raises(CommandError, match="TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES"):
        load_own_demo_data()

    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
