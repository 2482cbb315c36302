from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Health checks, metrics and retention of the running register; it has no models."""

    name = "tor.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from . import metrics

        metrics.connect_transfer_counter()
