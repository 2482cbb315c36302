"""Conversions shared by the readers of the national services' JSON formats."""

import datetime
import json
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")
LANGUAGES = ("fi", "sv", "en")


class ReferenceDataError(ValueError):
    """A reference-data file that cannot be read; the message names the file and what is wrong."""


def read_json(path):
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReferenceDataError(f"{path}: cannot read JSON ({error})") from error


def names(value):
    """Return {"fi": …, "sv": …, "en": …} with only the non-empty names of a multilingual value."""
    if not isinstance(value, dict):
        return {}
    result = {}
    for key, text in value.items():
        language = key.lower()
        if language in LANGUAGES and isinstance(text, str) and text.strip():
            result[language] = text.strip()
    return result


def metadata_names(metadata, field="nimi"):
    """Return the names of a code-set service `metadata` list: [{"kieli": "FI", "nimi": …}, …]."""
    result = {}
    for entry in metadata or []:
        language = (entry.get("kieli") or "").lower()
        text = entry.get(field)
        if language in LANGUAGES and isinstance(text, str) and text.strip():
            result[language] = text.strip()
    return result


def date_from_millis(value):
    """Return the Helsinki calendar date of epoch milliseconds, as the national services write dates."""
    if value is None:
        return None
    return datetime.datetime.fromtimestamp(value / 1000, tz=HELSINKI).date()


def date_from_text(value):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def code_value(uri):
    """Return the value of a code URI such as `kunta_049` or `oppilaitostyyppi_15#1`: `049`, `15`."""
    if not uri:
        return ""
    return uri.split("#")[0].split("_", 1)[-1]
