"""Celery application: Redis as the broker in production, in-process execution by default."""

import os

from celery import Celery
from celery.signals import after_setup_task_logger, task_postrun, task_prerun

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


# Audit scopes of the tasks running in this process, by task id, from task_prerun until task_postrun.
_task_audit_scopes = {}


@task_prerun.connect
def enter_task_audit_scope(task_id=None, task=None, **kwargs):
    """Record the audit events of a task as the register's, named after the task, with the task id as request id."""
    from registry.middleware import accepted_request_id, system_audit_scope

    scope = system_audit_scope(task.name, accepted_request_id(task_id))
    scope.__enter__()
    _task_audit_scopes[task_id] = scope


@task_postrun.connect
def exit_task_audit_scope(task_id=None, **kwargs):
    scope = _task_audit_scopes.pop(task_id, None)
    if scope is not None:
        scope.__exit__(None, None, None)
