"""Prometheus metrics of the register, served in the text format at /metrics.

Two kinds of metric:

- Counters and histograms that the processes update as they serve: requests per route and
  transfers per provider and source system. Under gunicorn every worker has its own values.
  With PROMETHEUS_MULTIPROC_DIR set (deploy/systemd/tor-web.service sets it) the workers write
  them to files in that folder, and /metrics adds them up in whichever worker serves it.
- Gauges read from the database when /metrics is scraped (`DatabaseCollector`): the transfer
  log's latest outcomes, disclosures per agreement, the task queue's length and the audit
  trail's sealing lag. They are the same whichever process answers.

Labels hold route names, organisation OIDs, source-system codes and agreement ids, never paths
with OIDs of learners, never personal data.
"""

import logging
import os
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q, Sum
from django.db.models.signals import post_save
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)
# One line per request with its route name, never its path, which can hold OIDs.
request_logger = logging.getLogger("tor.ops.requests")

# The `_created` series (each counter's start time) only double the output.
disable_created_metrics()

# Latency buckets in seconds, around the targets in DESIGN.md §11 (15 ms lookups, 100 ms pages, 300 ms lists).
LATENCY_BUCKETS = (0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)
UNMATCHED_ROUTE = "unmatched"
# Any other method a client sends is counted as "other", so clients cannot add label values.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter(
    "tor_http_requests", "HTTP requests answered, per route name, method and status code.",
    ["route", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "tor_http_request_duration_seconds", "Time to answer an HTTP request, per route name and method.",
    ["route", "method"], buckets=LATENCY_BUCKETS,
)
TRANSFERS = Counter(
    "tor_transfers", "Transfers of learner documents by this process's start, per saving organisation, source "
    "system and outcome (accepted or rejected).",
    ["provider", "source_system", "outcome"],
)


def route_of(request):
    """Return the namespaced route name that served `request`, or its route pattern, or `unmatched`.

    The raw path is never a label, because it contains OIDs and share-link secrets, and one label
    value per learner would grow without end.
    """
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNMATCHED_ROUTE
    return match.view_name or match.route or UNMATCHED_ROUTE


class RequestMetricsMiddleware:
    """Count every response and its duration under the route that served it, and log one line about it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        route = route_of(request)
        method = request.method if request.method in KNOWN_METHODS else "other"
        REQUESTS.labels(route=route, method=method, status=str(response.status_code)).inc()
        REQUEST_SECONDS.labels(route=route, method=method).observe(elapsed)
        request_logger.info(
            "request_finished route=%s method=%s status=%s duration_ms=%.1f", route, method, response.status_code,
            elapsed * 1000,
        )
        return response


def connect_transfer_counter():
    """Count each saved transfer outcome once its transaction commits (registry.services.transfers saves one per transfer)."""
    from registry.models import TransferAttempt

    post_save.connect(_count_transfer, sender=TransferAttempt, dispatch_uid="tor_ops_count_transfer")


def _count_transfer(sender, instance, **kwargs):
    labels = {
        "provider": instance.organisation.oid if instance.organisation_id else "unknown",
        "source_system": instance.source_system or "none",
        "outcome": "accepted" if instance.succeeded else "rejected",
    }
    transaction.on_commit(lambda: TRANSFERS.labels(**labels).inc())


class DatabaseCollector:
    """Gauges read from the database and the broker at each scrape."""

    def collect(self):
        yield from transfer_log_metrics()
        yield disclosure_metrics()
        yield queue_depth_metric()
        yield from sealing_lag_metrics()

    def describe(self):
        # Nothing is read while the collector is registered; the metrics appear at the first scrape.
        return []


def transfer_log_metrics():
    """Count the transfer log's latest outcomes per saving organisation, source system and outcome."""
    from registry.models import TransferAttempt

    learners = GaugeMetricFamily(
        "tor_transfer_log_learners",
        "Learners whose latest transfer by the organisation was accepted or rejected, per organisation and source system.",
        labels=["provider", "source_system", "outcome"],
    )
    transfers = GaugeMetricFamily(
        "tor_transfer_log_transfers",
        "Transfers counted in the transfer log, per organisation, source system and latest outcome.",
        labels=["provider", "source_system", "outcome"],
    )
    rows = (
        TransferAttempt.objects.values("organisation_key", "source_system", "succeeded")
        .annotate(learners=Count("id"), transfers=Sum("attempts")).order_by()
    )
    for row in rows:
        labels = [row["organisation_key"], row["source_system"] or "none", "accepted" if row["succeeded"] else "rejected"]
        learners.add_metric(labels, row["learners"])
        transfers.add_metric(labels, row["transfers"] or 0)
    yield learners
    yield transfers


def disclosure_metrics():
    """Disclosures and the learners in them, per data-sharing agreement."""
    from authorities.models import Disclosure

    family = GaugeMetricFamily(
        "tor_disclosures", "Disclosures made under each data-sharing agreement since it began.", labels=["agreement"],
    )
    for row in Disclosure.objects.values("agreement_id").annotate(count=Count("id")).order_by():
        family.add_metric([str(row["agreement_id"])], row["count"])
    return family


def queue_depth_metric():
    """Read how many tasks wait in the Celery broker's default queue (a Redis list); -1 when Redis cannot be reached."""
    family = GaugeMetricFamily(
        "tor_task_queue_depth", "Tasks waiting in the broker's queue; -1 when the broker is unreachable, 0 without a broker.",
        labels=["queue"],
    )
    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    family.add_metric([queue], broker_queue_length(queue))
    return family


def broker_queue_length(queue):
    broker_url = settings.CELERY_BROKER_URL
    if not broker_url:
        return 0
    if not broker_url.startswith(("redis://", "rediss://")):
        # NOTE: only a Redis broker's queue length is read; other brokers report -1.
        return -1
    import redis

    try:
        client = redis.Redis.from_url(broker_url, socket_connect_timeout=1, socket_timeout=1)
        return client.llen(queue)
    except redis.RedisError as error:
        logger.warning("metrics_broker_unreachable error=%s", type(error).__name__)
        return -1


def sealing_lag_metrics():
    """Audit events not yet sealed into their hash chain, and the age of the oldest of them in seconds."""
    from registry.models import AuditEvent, AuditLink
    from registry.services.audit import chain_of

    now = timezone.now()
    pending = 0
    oldest = None
    # Events go to the chain of their month; only the current and the previous month can still be sealing.
    for chain in sorted({chain_of(now), chain_of(now - timedelta(days=31))}):
        head = AuditLink.objects.filter(chain=chain).order_by("-sequence").values("event_id").first()
        events = AuditEvent.objects.filter(chain=chain)
        if head is not None:
            last = AuditEvent.objects.filter(pk=head["event_id"]).values("id", "transaction_id").first()
            if last is not None:
                events = events.filter(_after(last))
        summary = events.filter(link__isnull=True).aggregate(count=Count("id"), oldest=Min("occurred_at"))
        pending += summary["count"]
        if summary["oldest"] is not None and (oldest is None or summary["oldest"] < oldest):
            oldest = summary["oldest"]
    lag = max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
    yield GaugeMetricFamily("tor_audit_unsealed_events", "Audit events waiting to be sealed into their hash chain.", value=pending)
    yield GaugeMetricFamily(
        "tor_audit_sealing_lag_seconds", "Age of the oldest audit event not yet sealed; 0 when every event is sealed.",
        value=lag,
    )


def _after(event):
    """Events after `event` in a chain's order (transaction id, id), as registry.services.audit seals them."""
    if event["transaction_id"] is None:
        return Q(id__gt=event["id"])
    return Q(transaction_id__gt=event["transaction_id"]) | Q(transaction_id=event["transaction_id"], id__gt=event["id"])


def render_metrics():
    """Return the text of every metric: this process's (or, in multiprocess mode, every worker's) and the database's."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, REQUEST_SECONDS, TRANSFERS):
            registry.register(collector)
    registry.register(DatabaseCollector())
    return generate_latest(registry)
