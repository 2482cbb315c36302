"""Celery tasks of operations."""

from celery import shared_task

from . import retention


@shared_task(name="tor.ops.apply_retention", ignore_result=True)
def apply_retention():
    """Apply the retention periods; scheduled daily by Celery beat (settings.CELERY_BEAT_SCHEDULE)."""
    return retention.apply_retention().removed
