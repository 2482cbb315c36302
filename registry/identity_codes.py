"""Finnish personal identity codes (henkilötunnus): validation, encryption at rest and lookup hash.

Codes are encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under keys derived from the
settings' identity-code keys, and found through an HMAC-SHA256 of the normalised code, so the
database never holds a code in clear text.
"""

import base64
import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fi import hetu

# DDMMYY, a century sign, a three-digit individual number and a check character.
IDENTITY_CODE_PATTERN = re.compile(r"\b\d{6}[-+ABCDEFUVWXY]\d{3}[0-9A-FHJ-NPR-Y]\b")


class InvalidIdentityCode(ValueError):
    pass


def normalise(code):
    return code.strip().upper()


def validate(code, *, allow_synthetic=None):
    """Return the normalised code, or raise InvalidIdentityCode naming what is wrong.

    Checks the format, the date, the century sign and the check character. Individual numbers
    900-999 are the synthetic test range, accepted only when `allow_synthetic` (by default the
    setting TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES) allows.
    """
    if allow_synthetic is None:
        allow_synthetic = settings.TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES
    if not isinstance(code, str):
        raise InvalidIdentityCode("not a string")
    code = normalise(code)
    try:
        return hetu.validate(code, allow_temporary=allow_synthetic)
    except StdnumValidationError as error:
        raise InvalidIdentityCode(str(error.message)) from error


def birth_date(code):
    """Return the date of birth that a valid identity code encodes."""
    from datetime import date

    century = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
               "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}[code[6]]
    return date(century + int(code[4:6]), int(code[2:4]), int(code[0:2]))


CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURY_SIGNS = {1800: "+", 1900: "-", 2000: "A"}


def compose(birth, individual_number):
    """Return the identity code of a date of birth and an individual number (2-999), with its check character."""
    digits = f"{birth:%d%m%y}{individual_number:03d}"
    return f"{digits[:6]}{CENTURY_SIGNS[birth.year // 100 * 100]}{digits[6:]}{CHECK_CHARACTERS[int(digits) % 31]}"


def _derive(key, purpose):
    raw = base64.urlsafe_b64decode(key)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(raw)


@lru_cache(maxsize=8)
def _fernet(keys):
    return MultiFernet([Fernet(base64.urlsafe_b64encode(_derive(key, b"tor identity code encryption"))) for key in keys])


@lru_cache(maxsize=8)
def _hash_key(key):
    return _derive(key, b"tor identity code lookup")


def encrypt(code):
    return _fernet(tuple(settings.TOR_IDENTITY_CODE_KEYS)).encrypt(normalise(code).encode()).decode()


def encrypt_text(text):
    """Encrypt any text that may hold identity codes, such as a rejected document kept in the transfer log."""
    return _fernet(tuple(settings.TOR_IDENTITY_CODE_KEYS)).encrypt(text.encode()).decode()


def decrypt(ciphertext):
    if not ciphertext:
        return ""
    return _fernet(tuple(settings.TOR_IDENTITY_CODE_KEYS)).decrypt(ciphertext.encode()).decode()


def lookup_hash(code):
    key = _hash_key(settings.TOR_IDENTITY_CODE_KEYS[0])
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()


def mask(code):
    """Return the code with the individual number and check character hidden: 010101-****."""
    return code[:7] + "****" if code else ""
