"""Authorities and data-sharing agreements."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from authorities.models import AgreementStatus
from authorities.models import DataSharingAgreement
from authorities.permissions import agreements_of, grant_agreement, has_agreement_permission, with_agreement_permission
from tests.factories import UserFactory
from tests.oauth2 import agreement, authority

pytestmark = pytest.mark.django_db


def test_business_id_check_digit_is_validated():
    row = authority()
    row.business_id = "0246246-1"

    with pytest.raises(ValidationError) as raised:
        row.full_clean()

    assert "business_id" in raised.value.message_dict


@pytest.mark.parametrize(
    ("status", "on", "expected"),
    [
        (AgreementStatus.ACTIVE, datetime.date(2025, 6, 1), True),
        (AgreementStatus.ACTIVE, datetime.date(2024, 12, 31), False),
        (AgreementStatus.ACTIVE, datetime.date(2026, 1, 1), False),
        (AgreementStatus.SUSPENDED, datetime.date(2025, 6, 1), False),
        (AgreementStatus.DRAFT, datetime.date(2025, 6, 1), False),
        (AgreementStatus.ENDED, datetime.date(2025, 6, 1), False),
    ],
)
def test_agreement_in_force(status, on, expected):
    row = agreement(status=status, valid_to=datetime.date(2025, 12, 31))

    assert row.is_in_force(on) is expected


def test_agreement_without_end_stays_in_force():
    assert agreement(valid_to=None).is_in_force(datetime.date(2099, 1, 1))


def test_agreement_cannot_end_before_start():
    with pytest.raises(IntegrityError):
        agreement(valid_from=datetime.date(2025, 1, 1), valid_to=datetime.date(2024, 1, 1))


def test_user_without_grant_has_no_agreement():
    row = agreement()
    user = UserFactory()

    assert not has_agreement_permission(user, row)
    assert list(agreements_of(user)) == []


def test_registry_administrator_has_every_agreement(admin_user):
    row = agreement()

    assert has_agreement_permission(admin_user, row)
    assert list(agreements_of(admin_user)) == [row]


@pytest.mark.parametrize("holder", ["user", "group", "inactive", "none", "other_agreement", "administrator"])
def test_permission_in_query_matches_guardian(holder, admin_user):
    row = agreement()
    other = agreement(row.authority, name="Toinen sopimus")
    user = admin_user if holder == "administrator" else UserFactory(is_active=holder != "inactive")
    if holder in ("user", "inactive"):
        grant_agreement(user, row)
    if holder == "other_agreement":
        grant_agreement(user, other)
    if holder == "group":
        group = Group.objects.create(name="authority staff")
        group.user_set.add(user)
        grant_agreement(group, row)

    annotated = with_agreement_permission(DataSharingAgreement.objects.filter(pk=row.pk), user).get()

    assert annotated.usable is has_agreement_permission(user, row)
    assert annotated.usable is (holder in ("user", "group", "administrator"))
