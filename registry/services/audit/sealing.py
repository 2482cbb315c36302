"""Sealing: appending one link per recorded event to its chain, in an order that later commits never insert into."""

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ...commit_order import HORIZON_SQL
from ...models import AuditEvent, AuditLink
from .chain import GENESIS_HASH, HASHED_FIELDS, chain_names, events_after, link_hash, lock_chain

logger = logging.getLogger(__name__)

SEAL_BATCH_SIZE = 5000


@dataclass
class SealReport:
    sealed: Counter = field(default_factory=Counter)
    busy_chains: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.sealed.values())


def seal_pending(limit=None, *, batch_size=SEAL_BATCH_SIZE):
    """Append links for the unsealed events of every chain whose transactions have ended; return a SealReport.

    Each batch of at most `batch_size` events is one transaction that holds the chain's advisory
    lock, so two sealers never write the same chain. A chain that another sealer has locked is left
    to it and listed in `busy_chains`. `limit` caps the events sealed by this call (None: no cap).
    Must run outside a transaction, because events of a still-open transaction cannot be sealed.
    """
    if connection.in_atomic_block:
        raise RuntimeError("seal_pending must run outside a transaction: it commits one transaction per batch.")

    report = SealReport()
    for chain in chain_names(AuditEvent):
        while limit is None or report.total < limit:
            size = batch_size if limit is None else min(batch_size, limit - report.total)
            sealed = _seal_batch(chain, size)
            if sealed is None:
                report.busy_chains.append(chain)
                break
            report.sealed[chain] += sealed
            if sealed < size:
                break
    return report


def _seal_batch(chain, size):
    """Seal the next at most `size` events of `chain` in one transaction; return their number, None when busy."""
    try:
        with transaction.atomic():
            if not lock_chain(chain, wait=False):
                return None
            head = (
                AuditLink.objects.filter(chain=chain).order_by("-sequence")
                .values("sequence", "hash", "event_id").first()
            )
            after = None
            if head is not None:
                after = AuditEvent.objects.filter(pk=head["event_id"]).values("id", "transaction_id").first()
                if after is None:
                    logger.error("audit_chain_head_event_missing chain=%s sequence=%s event_id=%s",
                                 chain, head["sequence"], head["event_id"])
                    return 0

            events = list(_sealable_events(chain, after)[:size].values(*HASHED_FIELDS))
            sequence, previous_hash = (head["sequence"], head["hash"]) if head else (0, GENESIS_HASH)
            sealed_at = timezone.now()
            links = []
            for event in events:
                sequence += 1
                digest = link_hash(event, chain=chain, sequence=sequence, previous_hash=previous_hash)
                links.append(AuditLink(event_id=event["id"], chain=chain, sequence=sequence,
                                       previous_hash=previous_hash, hash=digest, sealed_at=sealed_at))
                previous_hash = digest
            AuditLink.objects.bulk_create(links)
    except IntegrityError:
        # Only a sealer without the advisory lock (on SQLite) can collide with another one here.
        logger.warning("audit_chain_seal_conflict chain=%s", chain)
        return None

    if links:
        # The head hash in the application log is a copy outside the database to compare the chain with.
        logger.info("audit_trail_sealed chain=%s events=%s last_sequence=%s last_hash=%s",
                    chain, len(links), sequence, previous_hash)
    return len(links)


def _sealable_events(chain, after):
    """Return the events of `chain` after the event `after` that may be sealed now, in chain order.

    In PostgreSQL an event may be sealed once the transaction that inserted it has ended: its
    transaction id is below the commit-order horizon (registry.commit_order), which every
    transaction that could still commit an event is at or above, including transactions that have
    not written yet. So the events below it are final, and sorting them by (transaction id, id)
    gives an order that later commits never insert into.
    Each run therefore continues after the chain's last link and never skips a committed event.
    On SQLite writers are serialised by the database lock, so ids grow in commit order and
    every committed event may be sealed.
    """
    events = AuditEvent.objects.filter(chain=chain)
    if connection.vendor == "postgresql":
        events = events.filter(transaction_id__lt=RawSQL(HORIZON_SQL, ()))
    if after is not None:
        events = events.filter(events_after(after))
    return events.order_by("transaction_id", "id")


