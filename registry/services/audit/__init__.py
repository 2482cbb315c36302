"""The audit trail: record events, seal them into hash chains, verify the chains, remove expired events.

`record` and `record_many` insert events in the caller's transaction and do nothing else, so a
request never waits for another request's audit work. `seal_pending` (a Celery task every minute
and `manage.py seal_audit_trail`) later appends one link per event to its chain. docs/audit.md
explains the chain, the sealing order, verification and retention. Callers import from this
package; its modules hold one concern each.
"""

from .chain import GENESIS_HASH, HASHED_FIELDS, link_hash
from .recording import (
    REQUEST_ID_PATTERN,
    Actor,
    Subject,
    chain_of,
    new_request_id,
    record,
    record_many,
    record_on_success,
    study_right_subject,
    view_name,
)
from .retention import RetentionReport, apply_retention
from .sealing import SealReport, seal_pending
from .verification import ChainProblem, ChainReport, ProblemKind, VerifyReport, verify_chains

__all__ = [
    "GENESIS_HASH",
    "HASHED_FIELDS",
    "REQUEST_ID_PATTERN",
    "Actor",
    "ChainProblem",
    "ChainReport",
    "ProblemKind",
    "RetentionReport",
    "SealReport",
    "Subject",
    "VerifyReport",
    "apply_retention",
    "chain_of",
    "link_hash",
    "new_request_id",
    "record",
    "record_many",
    "record_on_success",
    "seal_pending",
    "study_right_subject",
    "verify_chains",
    "view_name",
]
