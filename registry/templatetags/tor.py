"""Template helpers of the register's pages: names in the reader's language, dates, grades and scopes."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import date as format_date
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

from ..models.fields import FALLBACK_LANGUAGES
from ..models.fields import localised as localised_name

register = template.Library()

# Dates appear day first in every language, as the national education services show them.
DATE_FORMAT = "j.n.Y"
# Grade codes up to this length are abbreviations ("9", "S", "L"), so the page adds the grade's name.
ABBREVIATED_GRADE_LENGTH = 2


@register.filter
def localised(names):
    """Return the name in the active language from a {"fi": …, "sv": …, "en": …} dictionary."""
    return localised_name(names, get_language()) if isinstance(names, dict) else ""


def name_and_language(names, language):
    """Return (name, language code) as `localised` picks it, or ("", "") when `names` has no name."""
    if not isinstance(names, dict):
        return "", ""
    for candidate in (language, *FALLBACK_LANGUAGES):
        text = names.get(candidate)
        if isinstance(text, str) and text:
            return text, candidate
    for candidate, text in names.items():
        if isinstance(text, str) and text:
            return text, candidate
    return "", ""


def _active_language():
    return (get_language() or "fi").split("-")[0]


@register.simple_tag
def localised_text(names, default=""):
    """Render the name in the active language, marked with `lang` when it falls back to another language.

    WCAG 2.1 (3.1.2, language of parts) needs the mark so that a screen reader pronounces a
    Finnish name on the English page as Finnish. Without any name, `default` is rendered.
    """
    language = _active_language()
    text, text_language = name_and_language(names, language)
    if not text:
        return conditional_escape(default)
    if text_language != language:
        return format_html('<span lang="{}">{}</span>', text_language, text)
    return conditional_escape(text)


@register.simple_tag
def achievement_name(achievement, default):
    """Render an achievement's name, a language subject with its language: "A1-kieli, englanti".

    Without a module name the achievement type's name is used, else the module code, else `default`,
    so a heading or row header is never empty.
    """
    name = localised_text(achievement.title_names)
    language = localised_text(achievement.subject_language_name)
    if name and language:
        return format_html("{}, {}", name, language)
    return name or language or conditional_escape(achievement.module_code or default)


@register.filter
def display_date(value):
    """Render a date as a <time> element: "4.6.2016", with the ISO date for machines."""
    if not value:
        return ""
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), format_date(value, DATE_FORMAT))


@register.simple_tag
def grade_text(grade):
    """Render a grade: an abbreviated code with its name, "9 (kiitettävä)"; a spelled-out grade by its name."""
    if grade is None:
        return ""
    language = _active_language()
    name, name_language = name_and_language(grade.name, language)
    if not name:
        return conditional_escape(grade.value)
    named = format_html('<span lang="{}">{}</span>', name_language, name) if name_language != language else name
    if len(grade.value) > ABBREVIATED_GRADE_LENGTH:
        return conditional_escape(named)
    if name.casefold() == grade.value.casefold():
        return conditional_escape(grade.value)
    return format_html("{} ({})", grade.value, named)


def _without_trailing_zeros(number):
    """Return a Decimal without trailing zeros, 0.50 as 0.5 and 40.0 as 40 (not 4E+1)."""
    number = Decimal(str(number)).normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral() else number


@register.simple_tag
def scope_text(scope, unit_names):
    """Render a scope with its unit, "40 osaamispistettä", the number in the active locale's format."""
    if scope is None:
        return ""
    number = number_format(_without_trailing_zeros(scope))
    unit = localised_text(unit_names)
    return format_html("{} {}", number, unit) if unit else number
