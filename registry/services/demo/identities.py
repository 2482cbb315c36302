"""Synthetic personal identity codes for demo learners.

Individual numbers 900-999 are the test range of the Finnish identity code: no real person has
one, and the production profile rejects them (setting TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES). Each
demo learner gets the same code on every load, so a second load finds the learners of the first.
"""

import datetime
import hashlib

from ... import identity_codes
from .report import DemoDataError

SYNTHETIC_NUMBERS = range(900, 1000)
# Birth date of demo learners whose document gives none.
DEFAULT_BIRTH_DATE = datetime.date(2000, 1, 1)


class SyntheticIdentityCodes:
    """Hands out distinct synthetic identity codes, each derived from a stable key such as a file name."""

    def __init__(self):
        self.used_codes = set()

    def code_for(self, key, birth_date=None):
        """Return an unused synthetic code for `birth_date`; the same key and order give the same code."""
        birth_date = birth_date or DEFAULT_BIRTH_DATE
        start = int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(SYNTHETIC_NUMBERS)
        for step in range(len(SYNTHETIC_NUMBERS)):
            number = SYNTHETIC_NUMBERS[(start + step) % len(SYNTHETIC_NUMBERS)]
            code = identity_codes.compose(birth_date, number)
            if code not in self.used_codes:
                self.used_codes.add(code)
                return code
        raise DemoDataError(
            f"All 100 synthetic identity codes of the birth date {birth_date} are in use: no more "
            f"demo learners with that birth date can be added."
        )


def birth_date_of(identity_code):
    """Return the birth date an identity code encodes, or None when the code is missing or invalid."""
    if not identity_code:
        return None
    try:
        code = identity_codes.validate(identity_code, allow_synthetic=True)
    except identity_codes.InvalidIdentityCode:
        return None
    return identity_codes.birth_date(code)
