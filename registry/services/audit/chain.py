"""The hash of an event's link in its chain, shared by sealing and verification."""

import hashlib
import json
from datetime import UTC

from django.db import connection
from django.db.models import Q

GENESIS_HASH = "0" * 64

# The event's columns that its link's hash covers, in the stored form both sealing and verifying read.
HASHED_FIELDS = (
    "id", "occurred_at", "actor_type", "actor_id", "actor_name", "action", "learner_oid", "study_right_oid",
    "organisation_oid", "agreement_id", "request_id", "details", "chain", "transaction_id",
)


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

def events_after(event):
    """Return a Q object matching the events after `event` in chain order."""
    if event["transaction_id"] is None:
        return Q(id__gt=event["id"])
    return Q(transaction_id__gt=event["transaction_id"]) | Q(transaction_id=event["transaction_id"], id__gt=event["id"])

def lock_chain(chain, *, wait):
    """Take the transaction-scoped advisory lock of `chain`; return False when `wait` is off and another holds it."""
    if connection.vendor != "postgresql":
        return True
    function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(hashtextextended(%s, 0))", [f"tor.audit_chain:{chain}"])
        acquired = cursor.fetchone()[0]
    return wait or acquired

def chain_names(model):
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
