import datetime
import logging

import pytest

from registry import identity_codes
from registry.logging import IdentityCodeMaskingFilter


@pytest.mark.parametrize("code", ["280618-402H", "010101-123N", "050707A130V", "010594Y9032", "010594Y9021", "020502E902X"])
def test_valid_codes_with_every_century_sign_family(code, settings):
    assert identity_codes.validate(code, allow_synthetic=True) == code


@pytest.mark.parametrize("code", ["280618-402X", "320118-402H", "280618*402H", "28061-402H", "abc"])
def test_invalid_codes_are_rejected(code):
    with pytest.raises(identity_codes.InvalidIdentityCode):
        identity_codes.validate(code, allow_synthetic=True)


def test_synthetic_range_needs_permission():
    code = identity_codes.compose(datetime.date(1990, 5, 17), 950)

    with pytest.raises(identity_codes.InvalidIdentityCode):
        identity_codes.validate(code, allow_synthetic=False)
    assert identity_codes.validate(code, allow_synthetic=True) == code


@pytest.mark.parametrize("sign, year", [("+", 1890), ("-", 1990), ("Y", 1990), ("A", 2010), ("F", 2010)])
def test_birth_date_follows_century_sign(sign, year):
    # birth_date reads only the date and the century sign, so the check character need not match.
    assert identity_codes.birth_date(f"1505{year % 100:02d}{sign}123A") == datetime.date(year, 5, 15)


def test_encryption_round_trip_and_lookup_hash(settings):
    code = "280618-402H"

    ciphertext = identity_codes.encrypt(code)

    assert code not in ciphertext
    assert identity_codes.decrypt(ciphertext) == code
    assert identity_codes.lookup_hash(code) == identity_codes.lookup_hash(code.lower())
    assert code not in identity_codes.lookup_hash(code)


def test_logging_filter_masks_codes():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "learner %s sent", ("280618-402H",), None)

    IdentityCodeMaskingFilter().filter(record)

    assert "280618-402H" not in record.getMessage()
