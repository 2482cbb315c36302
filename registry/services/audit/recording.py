"""Recording audit events in the caller's transaction: who did what to whose data, and the request it was part of."""

import json
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import UTC

from django.db import connection
from django.utils import timezone

from ...identity_codes import IDENTITY_CODE_PATTERN
from ...models import ActorType, AuditAction, AuditEvent

logger = logging.getLogger(__name__)

RECORD_MANY_BATCH_SIZE = 1000
MAX_DETAILS_BYTES = 4096

OID_PATTERN = re.compile(r"^\d+(\.\d+)+$")
# Request ids from proxies and clients: UUIDs, hex strings, nginx's $request_id and the like.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
IDENTITY_CODE_MASK = "[identity code]"


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
    from ...middleware import current_audit_scope

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
    from ...middleware import current_audit_scope

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
