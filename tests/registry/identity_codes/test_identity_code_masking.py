"""The masking of identity codes in text and log records, and the key and hash helpers behind rotation."""

import base64
import logging
import sys

import pytest
from django.test import override_settings

from registry import identity_codes
from registry.logging import IdentityCodeMaskingFilter
from registry.services.audit import new_request_id

CODE = "280618-402H"


def record(msg, args=(), **attributes):
    item = logging.LogRecord("registry.test", logging.INFO, __file__, 1, msg, args, None)
    for name, value in attributes.items():
        setattr(item, name, value)
    return item


def filtered(item):
    assert IdentityCodeMaskingFilter().filter(item) is True
    return item


@pytest.mark.parametrize("text", [
    f"hetu={CODE}", f"hetu={CODE.lower()}", "q=280618%2B402H", f"key_{CODE}", f"/oppija/{CODE}/", f'"{CODE}"',
    "050707A130V", "010594Y9032",
])
def test_redact_masks_code_forms(text):
    assert identity_codes.redact(text) != text
    assert "[identity code]" in identity_codes.redact(text)


@pytest.mark.parametrize("text", [
    "1.2.246.562.24.00000000001", "2024-01-01T12:00:00.123456+02:00", "992455-2017x", "a280618-402H",
])
def test_redact_leaves_other_identifiers(text):
    assert identity_codes.redact(text) == text


def test_redact_leaves_request_ids():
    for _ in range(2000):
        request_id = new_request_id()
        assert identity_codes.redact(request_id) == request_id


def test_pattern_finds_code_in_any_case():
    assert identity_codes.IDENTITY_CODE_PATTERN.search(CODE.lower())


def test_filter_masks_message_and_drops_args():
    item = filtered(record("learner %s sent", (CODE,)))

    assert item.getMessage() == "learner [identity code] sent"
    assert item.args == ()


def test_filter_masks_args_left_out_of_message():
    item = filtered(record("learner %.3s sent", (CODE,)))

    assert CODE not in repr(item.args)
    assert item.getMessage() == "learner 280 sent"


def test_filter_keeps_record_without_code():
    item = filtered(record("study_right_stored oid=%s", ("1.2.246.562.15.00000000001",)))

    assert item.msg == "study_right_stored oid=%s"
    assert item.args == ("1.2.246.562.15.00000000001",)


def test_filter_masks_exception_text():
    try:
        raise ValueError(f"invalid code {CODE}")
    except ValueError:
        item = filtered(record("failed", exc_info=sys.exc_info()))

    assert CODE not in item.exc_text
    assert "invalid code [identity code]" in item.exc_text
    assert item.exc_info is None
    assert CODE not in logging.Formatter().format(item)


def test_filter_masks_stack_and_extra():
    class Request:
        def __repr__(self):
            return f"<Request GET /oppija/{CODE}>"

    item = filtered(record("failed", stack_info=f"frame {CODE}", request=Request(), detail=CODE, count=3))

    assert item.stack_info == "frame [identity code]"
    assert item.request == "<Request GET /oppija/[identity code]>"
    assert item.detail == "[identity code]"
    assert item.count == 3


def test_filter_survives_malformed_call():
    item = filtered(record("learner %s %s", (CODE,)))

    assert CODE not in item.getMessage()


def test_lookup_hashes_start_with_first_key():
    first, second = identity_codes.generate_key(), identity_codes.generate_key()

    with override_settings(TOR_IDENTITY_CODE_KEYS=[first, second, first]):
        hashes = identity_codes.lookup_hashes(CODE)
        current = identity_codes.lookup_hash(CODE)
    with override_settings(TOR_IDENTITY_CODE_KEYS=[second]):
        older = identity_codes.lookup_hash(CODE)

    assert hashes == [current, older]


def test_reencrypt_moves_ciphertext_to_first_key():
    first, second = identity_codes.generate_key(), identity_codes.generate_key()
    with override_settings(TOR_IDENTITY_CODE_KEYS=[second]):
        old = identity_codes.encrypt(CODE)

    with override_settings(TOR_IDENTITY_CODE_KEYS=[first, second]):
        text, new = identity_codes.reencrypt(old)
        again = identity_codes.reencrypt(new)

    assert text == CODE
    with override_settings(TOR_IDENTITY_CODE_KEYS=[first]):
        assert identity_codes.decrypt(new) == CODE
    assert again == (CODE, None)


@pytest.mark.parametrize("key", [
    "", "short", base64.urlsafe_b64encode(b"k" * 31).decode(), base64.urlsafe_b64encode(b"k" * 33).decode(),
    base64.b64encode(b"\xfb" * 32).decode(), base64.urlsafe_b64encode(b"k" * 32).decode().rstrip("="),
])
def test_check_keys_rejects_malformed_key(key):
    with pytest.raises(identity_codes.InvalidIdentityCodeKey) as raised:
        identity_codes.check_keys([identity_codes.generate_key(), key])

    assert str(raised.value).startswith("Key 2 of TOR_IDENTITY_CODE_KEYS")
    assert not key or key not in str(raised.value)


def test_development_key_is_well_formed(settings):
    identity_codes.check_keys([settings.DEVELOPMENT_IDENTITY_CODE_KEY])
