from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthoritiesConfig(AppConfig):
    """Authorities, their data-sharing agreements and the disclosure API."""

    name = "authorities"
    verbose_name = _("Authorities and disclosure")
    default_auto_field = "django.db.models.BigAutoField"
