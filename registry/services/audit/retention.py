"""Removal of audit events past the retention period, keeping the first remaining link's hash."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from ...models import AuditAction, AuditEvent, AuditLink
from .chain import chain_names, lock_chain
from .recording import Actor, new_request_id, record
from .verification import VERIFY_CHUNK_SIZE

logger = logging.getLogger(__name__)


@dataclass
class RetentionReport:
    days: int
    cutoff: object = None
    events_deleted: int = 0
    chains_removed: list = field(default_factory=list)
    chain_starts: dict = field(default_factory=dict)
    dry_run: bool = False


def apply_retention(days, *, dry_run=False):
    """Delete the sealed events older than `days` days, with their links, and return a RetentionReport.

    Each chain loses a prefix: deletion stops at the first link whose event is within the
    period, so the first remaining link keeps the previous hash it was chained to. Unsealed events
    stay until they are sealed. The run itself is recorded as an audit event that lists where each
    trimmed chain now starts, which verification checks. In PostgreSQL the deletes pass the
    protection triggers through the session settings the triggers read. With `dry_run` everything
    is rolled back.
    """
    if not isinstance(days, int) or days < 1:
        raise ValueError(f"The retention period must be a whole number of days, at least 1, not {days!r}.")
    if connection.in_atomic_block:
        raise RuntimeError("apply_retention must run outside a transaction, so the deletes it allows end with it.")

    report = RetentionReport(days=days, dry_run=dry_run)
    with transaction.atomic():
        report.cutoff = _allow_retention_deletes(days)
        for chain in chain_names(AuditLink):
            lock_chain(chain, wait=True)
            deleted, remaining = _trim_chain(chain, report.cutoff)
            report.events_deleted += deleted
            if deleted and not remaining:
                report.chains_removed.append(chain)

        for chain in chain_names(AuditLink):
            first = (
                AuditLink.objects.filter(chain=chain).order_by("sequence")
                .values("sequence", "previous_hash").first()
            )
            if first["sequence"] > 1:
                report.chain_starts[chain] = {"sequence": first["sequence"], "previous_hash": first["previous_hash"]}
        record(
            AuditAction.AUDIT_RETENTION, actor=Actor.system("apply_audit_retention"), request_id=new_request_id(),
            details={"days": days, "events_deleted": report.events_deleted,
                     "chains_removed": report.chains_removed, "chain_starts": report.chain_starts},
        )
        if dry_run:
            transaction.set_rollback(True)

    logger.info("audit_retention_applied days=%s events_deleted=%s chains_removed=%s dry_run=%s",
                days, report.events_deleted, len(report.chains_removed), dry_run)
    return report


def _allow_retention_deletes(days):
    """Open the triggers' retention path for this transaction and return the cutoff time they enforce."""
    if connection.vendor != "postgresql":
        return timezone.now() - timedelta(days=days)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('tor.audit_retention', 'on', true), set_config('tor.audit_retention_days', %s, true), "
            "transaction_timestamp() - make_interval(days => %s)",
            [str(days), days],
        )
        return cursor.fetchone()[2]


def _trim_chain(chain, cutoff):
    """Delete the links of `chain` from its start up to the first one whose event is not older than `cutoff`.

    Returns (events deleted, whether links remain). A gap in the sequence or a missing event ends
    the trimming there, so a damaged chain is never trimmed past the damage.
    """
    deleted = 0
    expected = None
    while True:
        links = list(
            AuditLink.objects.filter(chain=chain).order_by("sequence").values("sequence", "event_id")[:VERIFY_CHUNK_SIZE]
        )
        if not links:
            return deleted, False
        event_ids = [link["event_id"] for link in links]
        occurred = dict(AuditEvent.objects.filter(pk__in=event_ids).values_list("id", "occurred_at"))
        expired = []
        for link in links:
            if expected is not None and link["sequence"] != expected:
                break
            if link["event_id"] not in occurred or occurred[link["event_id"]] >= cutoff:
                break
            expired.append(link)
            expected = link["sequence"] + 1
        if expired:
            AuditLink.objects.filter(chain=chain, sequence__lte=expired[-1]["sequence"]).delete()
            AuditEvent.objects.filter(pk__in=[link["event_id"] for link in expired]).delete()
            deleted += len(expired)
        if len(expired) < len(links):
            return deleted, True
