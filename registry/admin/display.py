"""Small formatting helpers shared by the admin pages."""

from decimal import Decimal

from django.utils import formats


def format_number(value):
    """Return a decimal number in the active locale without trailing zeros: 150, 1,5."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return formats.number_format(value.to_integral_value(), decimal_pos=0)
    return formats.number_format(value.normalize())


def format_scope(value, unit=""):
    """Return a scope with its unit ("150 osaamispistettä"), or "" when there is no scope."""
    number = format_number(value)
    if not number:
        return ""
    return f"{number} {unit}".strip()
