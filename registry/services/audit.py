"""The audit trail: record events, seal them into hash chains, verify the chains, remove expired events.

`record` and `record_many` insert events in the caller's transaction and do nothing else, so a
request never waits for another request's audit work. `seal_pending` (a Celery task every minute
and `manage.py seal_audit_trail`) later appends one link per event to its chain. docs/audit.md
explains the chain, the sealing order, verification and retention.
"""

import hashlib
import json
import logging
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, timedelta

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, Min, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..commit_order import HORIZON_SQL
from ..identity_codes import IDENTITY_CODE_PATTERN
from ..models import ActorType, AuditAction, AuditEvent, AuditLink

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
SEAL_BATCH_SIZE = 5000
VERIFY_CHUNK_SIZE = 5000
RECORD_MANY_BATCH_SIZE = 1000
MAX_DETAILS_BYTES = 4096
MAX_PROBLEMS_PER_CHAIN = 100

OID_PATTERN = re.compile(r"^\d+(\.\d+)+$")
# Request ids from proxies and clients: UUIDs, hex strings, nginx's $request_id and the like.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
IDENTITY_CODE_MASK = "[identity code]"

# The event's columns that its link's hash covers, in the stored form both sealing and verifying read.
HASHED_FIELDS = (
    "id", "occurred_at", "actor_type", "actor_id", "actor_name", "action", "learner_oid", "study_right_oid",
    "organisation_oid", "agreement_id", "request_id", "details", "chain", "transaction_id",
)


@dataclass(frozen=True)
class Actor:
    """Actor of an audit event: a type, an id and a name. Never a personal identity code or a learner's name."""

    type: str
    id: str = ""
    name: str = ""

    @classmethod
    def for_user(cls, user, actor_type=ActorType.USER):
        return cls(actor_type, str(user.pk), user.get_username())

    @classmethod
    def citizen(cls, learner_oid):
        return cls(ActorType.CITIZEN, learner_oid)

    @classmethod
    def anonymous(cls):
        return cls(ActorType.ANONYMOUS)

    @classmethod
    def system(cls, name):
        """Return the register itself as the actor, `name` being the command or task that acted."""
        return cls(ActorType.SYSTEM, "", name)


@dataclass(frozen=True)
class Subject:
    """Whose data one event of `record_many` is about, and the event's action when it is not the call's action."""

    learner_oid: str
    study_right_oid: str = ""
    organisation_oid: str = ""
    action: str = ""


def study_right_subject(study_right, action="", learner_oid=None):
    """Return the Subject of an event about `study_right`: its learner, its OID and its institution, else its provider.

    `learner_oid` replaces the study right's own learner, such as the master of a merged learner.
    """
    organisation = study_right.institution or study_right.provider
    return Subject(
        learner_oid=study_right.learner.oid if learner_oid is None else learner_oid,
        study_right_oid=study_right.oid,
        organisation_oid=organisation.oid if organisation is not None else "",
        action=action,
    )


SUBJECT_FIELDS = ("learner_oid", "study_right_oid", "organisation_oid")
# The columns that record_many sends one value per event for; the rest are the same for every event.
ROW_FIELDS = (*SUBJECT_FIELDS, "action")
# Placeholders of record_many's PostgreSQL INSERT whose parameters need a type; the rest are text.
CASTS = {"occurred_at": "%s::timestamptz", "details": "%s::jsonb"}


def view_name(request):
    """Return the namespaced name of the route that served `request`, such as `api:learner-read`, or ""."""
    return getattr(getattr(request, "resolver_match", None), "view_name", None) or ""


def new_request_id():
    return uuid.uuid4().hex


def chain_of(occurred_at):
    """Return the chain (partition) of an event that occurred at `occurred_at`: its month in UTC."""
    return occurred_at.astimezone(UTC).strftime("%Y-%m")


# Recording


def record(action, *, actor=None, learner_oid="", study_right_oid="", organisation_oid="", agreement_id="",
           request_id=None, details=None):
    """Insert one audit event in the caller's transaction and return it.

    Without `actor` or `request_id` the event gets those of the current request or job
    (`registry.middleware.current_audit_scope`). Outside both it gets the register itself, a
    system actor without a name, and a new request id. An empty `request_id` stores none.
    The INSERT locks nothing that another request needs and reads nothing: the event is chained
    later by `seal_pending`. When the caller's transaction rolls back, the event goes with it.
    Raises ValueError for an unknown action, a malformed OID or request id, or details that are
    not small JSON of strings, whole numbers, booleans and nulls.
    """
    actor, request_id = _actor_and_request_id(actor, request_id)
    common = _common_fields(action, actor, timezone.now(), request_id, agreement_id, details)
    event = AuditEvent(**common, **_subject_fields(Subject(learner_oid, study_right_oid, organisation_oid)))
    event.save(force_insert=True)
    return event


def record_many(action, *, subjects, actor=None, organisation_oid="", agreement_id="", request_id=None, details=None):
    """Insert one audit event per subject in one INSERT statement; return the number of events.

    `subjects` contains Subject objects or learner OIDs. A subject without an organisation gets
    `organisation_oid`, and one without an action gets `action`. Every event gets the same time,
    actor, request id and details, and `actor` and `request_id` default as in `record`. On
    PostgreSQL the subjects travel as four arrays, so the statement has the same size whatever
    their number. Elsewhere Django inserts them in batches of 1000.
    """
    actor, request_id = _actor_and_request_id(actor, request_id)
    common = _common_fields(action, actor, timezone.now(), request_id, agreement_id, details)
    del common["action"]
    rows = _subject_rows(subjects, action, organisation_oid)
    if not rows:
        return 0

    if connection.vendor != "postgresql":
        AuditEvent.objects.bulk_create([AuditEvent(**common, **row) for row in rows], batch_size=RECORD_MANY_BATCH_SIZE)
        return len(rows)
    columns = ", ".join(connection.ops.quote_name(name) for name in [*common, *ROW_FIELDS])
    arrays = ", ".join(["%s::text[]"] * len(ROW_FIELDS))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(AuditEvent._meta.db_table)} ({columns}) "
            f"SELECT {', '.join(CASTS.get(name, '%s') for name in common)}, subject.* "
            f"FROM unnest({arrays}) AS subject",
            [
                *[json.dumps(value) if name == "details" else value for name, value in common.items()],
                *[[row[name] for row in rows] for name in ROW_FIELDS],
            ],
        )
    return len(rows)


def record_on_success(action, *, subjects, actor=None, organisation_oid="", agreement_id="", request_id=None,
                      details=None):
    """Record the events of a read when the current request succeeds, or at once outside a request.

    Inside a request the events wait in its audit scope, and RequestIdMiddleware inserts them with
    `record_many` once the response has been rendered with a status below 400. So a request that
    fails after the read records nothing, and an insert that fails turns the response into a
    server error: data never leaves without its events. The arguments are those of `record_many`,
    checked here, so a programming error is raised where it was made. Returns the number of events.
    """
    from ..middleware import current_audit_scope

    actor, request_id = _actor_and_request_id(actor, request_id)
    subjects = list(subjects)
    _common_fields(action, actor, timezone.now(), request_id, agreement_id, details)
    _subject_rows(subjects, action, organisation_oid)

    arguments = {
        "action": action, "subjects": subjects, "actor": actor, "organisation_oid": organisation_oid,
        "agreement_id": agreement_id, "request_id": request_id, "details": details,
    }
    scope = current_audit_scope()
    if scope is None or not scope.defers_reads:
        return record_many(**arguments)
    scope.pending.append(arguments)
    return len(subjects)


def _actor_and_request_id(actor, request_id):
    """Return `actor` and `request_id`, each defaulting to the current scope's, else to the register and a new id."""
    if actor is not None and request_id is not None:
        return actor, request_id
    # The middleware imports this module, so its scope is looked up when an event is recorded.
    from ..middleware import current_audit_scope

    scope = current_audit_scope()
    if actor is None:
        actor = scope.actor() if scope is not None else Actor.system("")
    if request_id is None:
        request_id = scope.request_id if scope is not None else new_request_id()
    return actor, request_id


def _subject_rows(subjects, action, organisation_oid):
    """Return the checked per-event columns of `subjects` (Subject objects or learner OIDs)."""
    rows = []
    for subject in subjects:
        if isinstance(subject, str):
            subject = Subject(subject)
        if not subject.organisation_oid:
            subject = Subject(subject.learner_oid, subject.study_right_oid, organisation_oid, subject.action)
        row = _subject_fields(subject)
        row["action"] = subject.action or action
        if row["action"] not in AuditAction.values:
            raise ValueError(f"Unknown audit action {row['action']!r}: add it to AuditAction first.")
        rows.append(row)
    return rows


def _common_fields(action, actor, occurred_at, request_id, agreement_id, details):
    """Return the checked columns that do not depend on whose data the event is about."""
    request_id = request_id or ""
    agreement_id = "" if agreement_id is None else str(agreement_id)
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}: add it to AuditAction first.")
    if actor.type not in ActorType.values:
        raise ValueError(f"Unknown actor type {actor.type!r}.")
    if request_id and not REQUEST_ID_PATTERN.match(request_id):
        raise ValueError("Invalid request id for the audit trail: use 1-64 letters, digits and . _ : - characters.")
    for name, value in (("actor id", actor.id), ("agreement id", agreement_id), ("request id", request_id)):
        if len(value) > 64 or IDENTITY_CODE_PATTERN.search(value):
            raise ValueError(
                f"Invalid {name} for the audit trail: over 64 characters or contains a personal identity code."
            )

    return {
        "occurred_at": occurred_at,
        "actor_type": actor.type,
        "actor_id": actor.id,
        # A user name is chosen by people, so it is masked rather than rejected if it looks like an identity code.
        "actor_name": IDENTITY_CODE_PATTERN.sub(IDENTITY_CODE_MASK, actor.name)[:150],
        "action": action,
        "agreement_id": agreement_id,
        "request_id": request_id,
        "details": _checked_details(details),
        "chain": chain_of(occurred_at),
    }


def _subject_fields(subject):
    fields = {name: getattr(subject, name) or "" for name in SUBJECT_FIELDS}
    for name, value in fields.items():
        if value and not (len(value) <= 64 and OID_PATTERN.match(value)):
            # The value is left out of the message because it may be personal data, such as an identity code.
            raise ValueError(f"Invalid {name} for the audit trail: the value is not an OID.")
    return fields


def _checked_details(details):
    """Return `details` as a dict after checking that it is small, exact JSON without identity codes.

    Floats are rejected because their text form may differ between the database and Python, and
    the hash of the event covers the details.
    """
    if details is None:
        return {}
    if not isinstance(details, dict):
        raise ValueError("Audit details must be a dict.")

    def check(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise ValueError("Audit details may only have string keys.")
                check(key)
                check(item)
        elif isinstance(value, list):
            for item in value:
                check(item)
        elif isinstance(value, str):
            if "\x00" in value or IDENTITY_CODE_PATTERN.search(value):
                raise ValueError("Audit details must not contain NUL characters or personal identity codes.")
        elif value is not None and not isinstance(value, (bool, int)):
            raise ValueError(
                f"Audit details may hold strings, whole numbers, booleans and nulls, not {type(value).__name__}."
            )

    check(details)
    if len(json.dumps(details, ensure_ascii=False).encode("utf-8")) > MAX_DETAILS_BYTES:
        raise ValueError(f"Audit details are over {MAX_DETAILS_BYTES} bytes: store ids and codes only.")
    return details


# Hashing


def link_hash(event, *, chain, sequence, previous_hash):
    """Return the SHA-256 hex digest that seals `event` (a dict of HASHED_FIELDS) at `sequence` of `chain`.

    The digest covers a canonical JSON document: keys sorted, no spaces, UTF-8, the time in UTC
    with microseconds. A change to any hashed column, to the position or to the previous hash
    changes the digest.
    """
    canonical_event = {name: event[name] for name in HASHED_FIELDS}
    canonical_event["occurred_at"] = event["occurred_at"].astimezone(UTC).isoformat(timespec="microseconds")
    document = {"chain": chain, "sequence": sequence, "previous_hash": previous_hash, "event": canonical_event}
    payload = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# Sealing


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
    for chain in _chain_names(AuditEvent):
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
            if not _lock_chain(chain, wait=False):
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
        events = events.filter(_after(after))
    return events.order_by("transaction_id", "id")


def _after(event):
    """Return a Q object matching the events after `event` in chain order."""
    if event["transaction_id"] is None:
        return Q(id__gt=event["id"])
    return Q(transaction_id__gt=event["transaction_id"]) | Q(transaction_id=event["transaction_id"], id__gt=event["id"])


def _lock_chain(chain, *, wait):
    """Take the transaction-scoped advisory lock of `chain`; return False when `wait` is off and another holds it."""
    if connection.vendor != "postgresql":
        return True
    function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(hashtextextended(%s, 0))", [f"tor.audit_chain:{chain}"])
        acquired = cursor.fetchone()[0]
    return wait or acquired


def _chain_names(model):
    """Return the distinct chains of `model`'s rows, reading one index entry per chain."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE chains(name) AS (
                SELECT MIN(chain) FROM {table}
                UNION ALL
                SELECT (SELECT MIN(chain) FROM {table} WHERE chain > chains.name)
                FROM chains WHERE chains.name IS NOT NULL
            )
            SELECT name FROM chains WHERE name IS NOT NULL
            """
        )
        return [row[0] for row in cursor.fetchall()]


# Verification


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
    names = sorted(set(_chain_names(AuditEvent)) | set(_chain_names(AuditLink)))
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
        events = events.filter(_after(low))
    if high is not None:
        events = events.exclude(_after(high)).exclude(pk=high["id"])
    return events.order_by("transaction_id", "id").values_list("id", flat=True).first()


def _count_unsealed(report, head_event):
    """Count the chain's pending events and report those that sealing has already passed as skipped."""
    unsealed = AuditEvent.objects.filter(chain=report.chain, link__isnull=True)
    summary = unsealed.aggregate(count=Count("id"), oldest=Min("occurred_at"))
    report.pending, report.oldest_pending_at = summary["count"], summary["oldest"]
    if head_event is None or not report.pending:
        return

    named = {problem.event_id for problem in report.problems}
    skipped = unsealed.exclude(_after(head_event)).exclude(pk=head_event["id"]).order_by("transaction_id", "id")
    for event_id in skipped.values_list("id", flat=True)[:MAX_PROBLEMS_PER_CHAIN]:
        report.pending -= 1
        if event_id not in named:
            report.add(ProblemKind.EVENT_SKIPPED, None, event_id)


# Retention


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
        for chain in _chain_names(AuditLink):
            _lock_chain(chain, wait=True)
            deleted, remaining = _trim_chain(chain, report.cutoff)
            report.events_deleted += deleted
            if deleted and not remaining:
                report.chains_removed.append(chain)

        for chain in _chain_names(AuditLink):
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
