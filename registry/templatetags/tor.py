from django import template
from django.utils.translation import get_language

from ..models.fields import localised as localised_name

register = template.Library()


@register.filter
def localised(names):
    """Return the name in the active language from a {"fi": …, "sv": …, "en": …} dictionary."""
    return localised_name(names, get_language()) if isinstance(names, dict) else ""
