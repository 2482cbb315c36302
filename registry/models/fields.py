"""Model fields and helpers for the JSON that models store: transfer-format documents and multilingual names."""

import copy
import json

import orjson
from django.db import models

FALLBACK_LANGUAGES = ("fi", "sv", "en")
# orjson reads an integer below -2**63 or above 2**64 - 1 as a float; such integers have at least 19 digits.
# Mapping every digit to "0" and everything else to " " finds a run of 19 with one substring search.
_DIGITS_ONLY = bytes(0x30 if byte in b"0123456789" else 0x20 for byte in range(256))
_LONG_RUN = b"0" * 19


def localised(names, language=None):
    """Return the name in `language`, else in Finnish, Swedish or English, else any name, else ""."""
    if not names:
        return ""
    language = (language or "fi").split("-")[0]
    for candidate in (language, *FALLBACK_LANGUAGES):
        value = names.get(candidate)
        if value:
            return value
    return next((value for value in names.values() if isinstance(value, str) and value), "")


class DocumentField(models.JSONField):
    """A JSONField for transfer-format documents, the largest values the register reads and writes.

    Documents are parsed and serialised with orjson, which is several times faster than the
    standard library on documents of tens of kilobytes (docs/benchmarks.md). orjson reads an
    integer outside 64 bits as an inexact float and refuses to write one, so text with 19 digits in
    a row, and values orjson refuses, go through the standard library as before.
    """

    def from_db_value(self, value, expression, connection):
        if isinstance(value, str) and self.decoder is None:
            data = value.encode()
            if _LONG_RUN not in data.translate(_DIGITS_ONLY):
                try:
                    return orjson.loads(data)
                except orjson.JSONDecodeError:
                    pass
        return super().from_db_value(value, expression, connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        adapted = super().get_db_prep_value(value, connection, prepared)
        # On PostgreSQL the value travels in psycopg's Jsonb wrapper, which takes the function that serialises it.
        if self.encoder is None and getattr(adapted, "dumps", None) is json.dumps:
            adapted.dumps = dumps
        return adapted


def dumps(value):
    """Return `value` as compact UTF-8 JSON bytes; values that orjson refuses are serialised by the standard library."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def copy_document(document):
    """Return a deep copy of a parsed JSON document, several times faster than copy.deepcopy through orjson."""
    try:
        # Writing refuses integers outside 64 bits, so none reaches the lossy read.
        return orjson.loads(orjson.dumps(document))
    except TypeError:
        return copy.deepcopy(document)
