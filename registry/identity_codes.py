"""Finnish personal identity codes (henkilötunnus): validation, encryption at rest and lookup hash.

Codes are encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under keys derived from the
settings' identity-code keys, and found through an HMAC-SHA256 of the normalised code, so the
database never holds a code in clear text.

TOR_IDENTITY_CODE_KEYS lists the keys, newest first. The first key encrypts and makes the lookup
hash that is stored; every key decrypts, and a lookup tries the hash of every key, so stored
values stay readable and findable while `manage.py rotate_identity_code_keys` moves them to a
new first key.
"""

import base64
import hashlib
import hmac
import re
import secrets
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fi import hetu

# DDMMYY, a century sign, a three-digit individual number and a check character. Any letter case,
# because `validate` accepts a code in lower case too.
IDENTITY_CODE_PATTERN = re.compile(r"\b\d{6}[-+ABCDEFUVWXY]\d{3}[0-9A-FHJ-NPR-Y]\b", re.IGNORECASE)

# Anything in free text that may be an identity code, for masking. It is broader than
# IDENTITY_CODE_PATTERN, because an extra mask hides only a few characters while a missed code is a
# leak: it also finds the century sign "+" percent-encoded as in a query string, and a code right
# after an underscore.
IDENTITY_CODE_IN_TEXT_PATTERN = re.compile(
    r"(?<![0-9A-Za-z])\d{6}(?:[-+ABCDEFUVWXY]|%2B)\d{3}[0-9A-FHJ-NPR-Y](?![0-9A-Za-z])", re.IGNORECASE,
)
REDACTED = "[identity code]"

KEY_BYTES = 32
# 32 bytes in URL-safe base64: 43 characters and the padding "=".
KEY_TEXT_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}=")


class InvalidIdentityCode(ValueError):
    pass


class InvalidIdentityCodeKey(ValueError):
    """A key of TOR_IDENTITY_CODE_KEYS is malformed. The message names its position, never the key."""


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


def generate_key():
    """Return a new identity-code key: 32 random bytes in URL-safe base64."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def check_keys(keys):
    """Raise InvalidIdentityCodeKey unless `keys` is a non-empty list of 32-byte keys in URL-safe base64."""
    if not keys:
        raise InvalidIdentityCodeKey("TOR_IDENTITY_CODE_KEYS is empty: give at least one key.")
    for position, key in enumerate(keys, start=1):
        raw = base64.urlsafe_b64decode(key) if KEY_TEXT_PATTERN.fullmatch(key) else b""
        if len(raw) != KEY_BYTES:
            raise InvalidIdentityCodeKey(
                f"Key {position} of TOR_IDENTITY_CODE_KEYS is not {KEY_BYTES} bytes in URL-safe base64: "
                "create one with `python manage.py generate_identity_code_key`."
            )


def _derive(key, purpose):
    raw = base64.urlsafe_b64decode(key)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(raw)


@lru_cache(maxsize=16)
def _single_fernet(key):
    return Fernet(base64.urlsafe_b64encode(_derive(key, b"tor identity code encryption")))


@lru_cache(maxsize=8)
def _fernet(keys):
    return MultiFernet([_single_fernet(key) for key in keys])


@lru_cache(maxsize=16)
def _hash_key(key):
    return _derive(key, b"tor identity code lookup")


def _keys():
    return tuple(settings.TOR_IDENTITY_CODE_KEYS)


def encrypt(code):
    return _fernet(_keys()).encrypt(normalise(code).encode()).decode()


def encrypt_text(text):
    """Encrypt any text that may hold identity codes, such as a rejected document kept in the transfer log."""
    return _fernet(_keys()).encrypt(text.encode()).decode()


def decrypt(ciphertext):
    """Return the text of a ciphertext made under any configured key. Raises cryptography's InvalidToken if none fits."""
    if not ciphertext:
        return ""
    return _fernet(_keys()).decrypt(ciphertext.encode()).decode()


def reencrypt(ciphertext):
    """Return (text, new ciphertext) for a ciphertext of any configured key, the new one under the first key.

    The new ciphertext is None when `ciphertext` is already under the first key, so a rotation
    that runs again writes nothing. Raises cryptography's InvalidToken when no configured key
    decrypts it.
    """
    token = ciphertext.encode()
    try:
        return _single_fernet(_keys()[0]).decrypt(token).decode(), None
    except InvalidToken:
        pass
    fernet = _fernet(_keys())
    text = fernet.decrypt(token).decode()
    return text, fernet.rotate(token).decode()


def lookup_hash(code):
    """Return the lookup hash of `code` under the first key: the value to store."""
    return _hash_with(_keys()[0], code)


def lookup_hashes(code):
    """Return the lookup hashes of `code` under every configured key, the first key's first.

    Search with all of them, because until `rotate_identity_code_keys` has finished, a stored
    hash may have been made with an older key.
    """
    hashes = []
    for key in _keys():
        digest = _hash_with(key, code)
        if digest not in hashes:
            hashes.append(digest)
    return hashes


def _hash_with(key, code):
    return hmac.new(_hash_key(key), normalise(code).encode(), hashlib.sha256).hexdigest()


def contains_identity_code(text):
    """Return whether `text` contains anything that IDENTITY_CODE_IN_TEXT_PATTERN takes for an identity code."""
    return IDENTITY_CODE_IN_TEXT_PATTERN.search(text) is not None


def redact(text):
    """Return `text` with everything that may be an identity code replaced by "[identity code]"."""
    return IDENTITY_CODE_IN_TEXT_PATTERN.sub(REDACTED, text)


def mask(code):
    """Return the code with the individual number and check character hidden: 010101-****."""
    return code[:7] + "****" if code else ""
