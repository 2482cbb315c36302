"""Celery application: Redis as the broker in production, in-process execution by default."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tor.settings")

app = Celery("tor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
