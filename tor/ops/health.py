"""Liveness and readiness checks for the load balancer and the orchestrator.

`/health/live` answers 200 whenever the process serves requests. `/health/ready` answers 200
only when the database answers, the broker answers (when one is configured) and every migration
is applied; otherwise 503 with the failing checks. Neither needs authentication, and neither
reads personal data: the proxy decides who reaches them (deploy/nginx/tor.conf).
"""

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

OK = "ok"
FAILED = "failed"
NOT_CONFIGURED = "not_configured"

# Once every migration has been found applied, this process does not look again: its code and
# so its migrations do not change while it runs, and the check reads the whole migration graph.
_migrations_applied = False


def database_status():
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning("health_database_failed error=%s", type(error).__name__)
        return FAILED
    return OK


def broker_status():
    """Ping the Celery broker; without a broker the tasks run in the process, which needs nothing."""
    broker_url = settings.CELERY_BROKER_URL
    if not broker_url:
        return NOT_CONFIGURED
    from tor.celery import app

    try:
        with app.connection_for_write(url=broker_url) as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        logger.warning("health_broker_failed error=%s", type(error).__name__)
        return FAILED
    return OK


def migrations_status():
    global _migrations_applied
    if _migrations_applied:
        return OK
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        logger.warning("health_migrations_failed error=%s", type(error).__name__)
        return FAILED
    if unapplied:
        logger.warning("health_migrations_unapplied count=%s", len(unapplied))
        return FAILED
    _migrations_applied = True
    return OK


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": OK})


@never_cache
@require_GET
def ready(request):
    checks = {"database": database_status()}
    checks["broker"] = broker_status()
    checks["migrations"] = migrations_status() if checks["database"] == OK else FAILED
    healthy = all(value != FAILED for value in checks.values())
    return JsonResponse({"status": OK if healthy else FAILED, "checks": checks}, status=200 if healthy else 503)
