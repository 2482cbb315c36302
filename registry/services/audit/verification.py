"""Verification of the chains from their oldest retained link; events not yet sealed are pending, not broken."""

import logging
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.db.models import Count, Min
from django.utils.translation import gettext_lazy as _

from ...models import AuditAction, AuditEvent, AuditLink
from .chain import GENESIS_HASH, HASHED_FIELDS, chain_names, events_after, link_hash

logger = logging.getLogger(__name__)

VERIFY_CHUNK_SIZE = 5000
MAX_PROBLEMS_PER_CHAIN = 100


class ProblemKind(models.TextChoices):
    """Kind of fault that verification found at one position of a chain."""

    EVENT_CHANGED = "event_changed", _("the event row no longer matches the hash it was sealed with")
    LINK_CHANGED = "link_changed", _("the link was changed: its hashes no longer chain to the link before it")
    HASH_MISMATCH = "hash_mismatch", _("the event row or its link was changed")
    LINK_MISSING = "link_missing", _("the link of this position is missing")
    EVENT_MISSING = "event_missing", _("the event of this link is missing")
    EVENT_SKIPPED = "event_skipped", _("the event has no link although later events are sealed")
    WRONG_CHAIN = "wrong_chain", _("the event belongs to another chain")
    START_UNEXPLAINED = "start_unexplained", _("the chain's oldest links are missing and no retention run removed them")


@dataclass
class ChainProblem:
    kind: str
    chain: str
    sequence: int | None
    event_id: int | None

    @property
    def description(self):
        return ProblemKind(self.kind).label


@dataclass
class ChainReport:
    chain: str
    first_sequence: int | None = None
    last_sequence: int | None = None
    links_checked: int = 0
    pending: int = 0
    oldest_pending_at: object = None
    problems: list = field(default_factory=list)
    more_problems: int = 0

    @property
    def broken(self):
        return bool(self.problems)

    def add(self, kind, sequence, event_id):
        """Add a problem and return it; past MAX_PROBLEMS_PER_CHAIN only count it and return None."""
        if len(self.problems) >= MAX_PROBLEMS_PER_CHAIN:
            self.more_problems += 1
            return None
        problem = ChainProblem(kind, self.chain, sequence, event_id)
        self.problems.append(problem)
        return problem


@dataclass
class VerifyReport:
    chains: list = field(default_factory=list)

    @property
    def broken_chains(self):
        return [chain for chain in self.chains if chain.broken]

    @property
    def pending(self):
        return sum(chain.pending for chain in self.chains)


def verify_chains(chain=None):
    """Check every chain (or only `chain`) from its oldest retained link and return a VerifyReport.

    Every link's hash is recomputed from the current event row. Events without a link are
    pending, not broken, unless a later event of their chain is sealed. In PostgreSQL the check
    reads one repeatable-read snapshot, so sealing and retention that run meanwhile do not show
    up as gaps.
    """
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return _verify(chain)
    with transaction.atomic():
        return _verify(chain)


def _verify(only_chain):
    names = sorted(set(chain_names(AuditEvent)) | set(chain_names(AuditLink)))
    if only_chain is not None:
        names = [name for name in names if name == only_chain]
    retention_starts = _retention_starts()

    report = VerifyReport()
    for name in names:
        chain_report = ChainReport(name)
        head_event = _verify_links(chain_report, retention_starts.get(name))
        _count_unsealed(chain_report, head_event)
        report.chains.append(chain_report)
        if chain_report.broken:
            first = chain_report.problems[0]
            logger.error("audit_chain_broken chain=%s sequence=%s event_id=%s problem=%s",
                         name, first.sequence, first.event_id, first.kind)
    return report


def _retention_starts():
    """Return the chain starts that the latest retention run left: {chain: (sequence, previous hash)}."""
    latest = AuditEvent.objects.filter(action=AuditAction.AUDIT_RETENTION).order_by("-id").values("details").first()
    starts = (latest or {}).get("details", {}).get("chain_starts", {})
    return {chain: (start.get("sequence"), start.get("previous_hash")) for chain, start in starts.items()}


def _verify_links(report, retention_start):
    """Check the links of `report.chain` in sequence order; return the newest linked event row that exists, or None."""
    # Previous hashes the next link may carry. After a hash mismatch two are possible, and the one
    # the next link carries shows whether the event row or the link's own hash was changed.
    accepted = {}
    mismatch = None
    expected_sequence = None
    previous_event = None

    for links in _link_chunks(report.chain):
        event_ids = [link["event_id"] for link in links]
        events = {row["id"]: row for row in AuditEvent.objects.filter(pk__in=event_ids).values(*HASHED_FIELDS)}
        for link in links:
            sequence, event = link["sequence"], events.get(link["event_id"])
            report.links_checked += 1
            report.last_sequence = sequence

            if expected_sequence is None:
                report.first_sequence = sequence
                if sequence == 1:
                    accepted = {GENESIS_HASH: None}
                else:
                    # Retention removed the links before this one; the run recorded where it left the chain.
                    if retention_start != (sequence, link["previous_hash"]):
                        report.add(ProblemKind.START_UNEXPLAINED, sequence, link["event_id"])
                    accepted = {link["previous_hash"]: None}
            elif sequence != expected_sequence:
                missing = _first_event_between(report.chain, previous_event, event)
                report.add(ProblemKind.LINK_MISSING, expected_sequence, missing or link["event_id"])
                accepted = {link["previous_hash"]: None}

            chained = link["previous_hash"] in accepted
            if chained and mismatch is not None and accepted[link["previous_hash"]] is not None:
                mismatch.kind = accepted[link["previous_hash"]]
            mismatch = None
            accepted = {link["hash"]: None}
            expected_sequence = sequence + 1

            if event is None:
                report.add(ProblemKind.EVENT_MISSING, sequence, link["event_id"])
                continue
            previous_event = event
            if not chained:
                report.add(ProblemKind.LINK_CHANGED, sequence, event["id"])
            elif event["chain"] != report.chain:
                report.add(ProblemKind.WRONG_CHAIN, sequence, event["id"])
            else:
                digest = link_hash(event, chain=report.chain, sequence=sequence, previous_hash=link["previous_hash"])
                if digest != link["hash"]:
                    mismatch = report.add(ProblemKind.HASH_MISMATCH, sequence, event["id"])
                    accepted = {link["hash"]: ProblemKind.EVENT_CHANGED, digest: ProblemKind.LINK_CHANGED}
    return previous_event


def _link_chunks(chain):
    last = 0
    while True:
        links = list(
            AuditLink.objects.filter(chain=chain, sequence__gt=last).order_by("sequence")
            .values("sequence", "event_id", "previous_hash", "hash")[:VERIFY_CHUNK_SIZE]
        )
        if not links:
            return
        yield links
        last = links[-1]["sequence"]


def _first_event_between(chain, low, high):
    """Return the id of the first event of `chain` strictly between events `low` and `high` in chain order, or None."""
    events = AuditEvent.objects.filter(chain=chain)
    if low is not None:
        events = events.filter(events_after(low))
    if high is not None:
        events = events.exclude(events_after(high)).exclude(pk=high["id"])
    return events.order_by("transaction_id", "id").values_list("id", flat=True).first()


def _count_unsealed(report, head_event):
    """Count the chain's pending events and report those that sealing has already passed as skipped."""
    unsealed = AuditEvent.objects.filter(chain=report.chain, link__isnull=True)
    summary = unsealed.aggregate(count=Count("id"), oldest=Min("occurred_at"))
    report.pending, report.oldest_pending_at = summary["count"], summary["oldest"]
    if head_event is None or not report.pending:
        return

    named = {problem.event_id for problem in report.problems}
    skipped = unsealed.exclude(events_after(head_event)).exclude(pk=head_event["id"]).order_by("transaction_id", "id")
    for event_id in skipped.values_list("id", flat=True)[:MAX_PROBLEMS_PER_CHAIN]:
        report.pending -= 1
        if event_id not in named:
            report.add(ProblemKind.EVENT_SKIPPED, None, event_id)
