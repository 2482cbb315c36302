"""The Django project of TOR, the register of verified competence."""

from .celery import app as celery_app

__all__ = ("celery_app",)
