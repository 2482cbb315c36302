import pytest

from registry import oids


@pytest.mark.parametrize("node", [oids.LEARNER_NODE, oids.STUDY_RIGHT_NODE, oids.ORGANISATION_NODE])
def test_generated_oid_has_valid_check_digit(node):
    for _ in range(200):
        oid = oids.generate_oid(node)
        number = oid.rsplit(".", 1)[1]
        assert len(number) == 11
        assert 10**9 <= int(number[:-1]) < 10**10
        assert oids.has_valid_check_digit(oid)


def test_reference_number_check_digit_weights_from_the_right():
    # 1234561: 1*7 + 6*3 + 5*1 + 4*7 + 3*3 + 2*1 + 1*7 = 76, so the check digit is 10 - 6 = 4.
    assert oids.reference_number_check_digit("1234561") == 4


def test_luhn_check_digit():
    assert oids.luhn_check_digit("7992739871") == 3


def test_patterns_accept_special_oids_without_check_digit():
    assert oids.is_organisation_oid("1.2.246.562.10.00000000001")
    assert oids.is_learner_oid("1.2.246.562.24.00000000001")
    assert oids.is_learner_oid("1.2.246.562.98.12345678901")
    assert not oids.is_learner_oid("1.2.246.562.15.12345678901")
    assert not oids.is_study_right_oid("1.2.246.562.15.1234567890")
    assert oids.is_organisation_oid("1.2.246.562.199.123456789012345678901234")
