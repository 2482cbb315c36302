"""Celery tasks of the authorities app: building and expiring bulk datasets."""

import logging

from celery import shared_task

from .services import datasets

logger = logging.getLogger(__name__)


@shared_task(name="authorities.build_dataset", ignore_result=True, acks_late=True)
def build_dataset(dataset_id):
    """Build the file of a queued bulk dataset. A redelivered task finds the dataset claimed and does nothing."""
    dataset = datasets.build_dataset(dataset_id)
    return dataset.status


@shared_task(name="authorities.expire_datasets", ignore_result=True)
def expire_datasets():
    """Delete the files of bulk datasets past their expiry; scheduled hourly by Celery beat."""
    expired = datasets.delete_expired_datasets()
    if expired:
        logger.info("datasets_expired count=%s", expired)
    return expired
