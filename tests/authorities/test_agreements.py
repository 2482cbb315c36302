"""Authorities and data-sharing agreements."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from authorities.models import AgreementStatus
from authorities.permissions import agreements_of, has_agreement_permission
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
