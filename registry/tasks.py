"""Celery tasks of the register."""

import logging

from celery import shared_task

from .services import audit

logger = logging.getLogger(__name__)


@shared_task(name="registry.seal_audit_trail", ignore_result=True)
def seal_audit_trail():
    """Seal the audit events whose transactions have ended; scheduled every minute by Celery beat."""
    report = audit.seal_pending()
    if report.busy_chains:
        logger.info("audit_trail_sealing_busy chains=%s", ",".join(report.busy_chains))
    return report.total
