import pytest

from registry.errors import RegisterError
from registry.services.ingest.parse import nesting_depth, parse_body


def error_key(body):
    with pytest.raises(RegisterError) as raised:
        parse_body(body)
    return [error.key.key for error in raised.value.errors]


def test_parses_utf8_json_with_byte_order_mark():
    assert parse_body("\ufeff{\"henkilö\": {}}".encode()) == {"henkilö": {}}


def test_rejects_nan():
    assert error_key(b'{"a": NaN}') == ["badRequest.format.json"]


def test_rejects_trailing_garbage():
    assert error_key(b'{"a": 1} x') == ["badRequest.format.json"]


def test_rejects_deep_recursion_without_crashing():
    assert error_key(b"[" * 100000 + b"]" * 100000) == ["badRequest.format.depth"]


def test_depth_of_limit_is_accepted(settings):
    settings.TOR_MAX_DOCUMENT_DEPTH = 3

    assert parse_body(b'{"a": {"b": [1]}}') == {"a": {"b": [1]}}
    assert error_key(b'{"a": {"b": [[1]]}}') == ["badRequest.format.depth"]


def test_nesting_depth_counts_objects_and_lists():
    assert nesting_depth(1) == 0
    assert nesting_depth({}) == 1
    assert nesting_depth({"a": [{"b": 1}]}) == 3
