"""Helpers for the multilingual name dictionaries that models store as JSON."""

FALLBACK_LANGUAGES = ("fi", "sv", "en")


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
