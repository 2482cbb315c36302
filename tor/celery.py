"""Celery application: Redis as the broker in production, in-process execution by default."""

import os

from celery import Celery
from celery.signals import after_setup_task_logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tor.settings")

app = Celery("tor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_task_logger.connect
def mask_identity_codes_in_task_logs(logger, **kwargs):
    """Put the identity-code filter on the handlers a worker gives the `celery.task` logger.

    That logger does not propagate to the root logger, whose handler settings.LOGGING filters.
    """
    from registry.logging import IdentityCodeMaskingFilter

    for handler in logger.handlers:
        if not any(isinstance(item, IdentityCodeMaskingFilter) for item in handler.filters):
            handler.addFilter(IdentityCodeMaskingFilter())
