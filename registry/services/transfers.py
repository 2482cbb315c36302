"""Transfers from provider systems: the ingest pipeline plus the transfer log (tiedonsiirrot).

Every write through the API is recorded, failed or not, in a transaction of its own after the
ingest's transaction, so a rejected document leaves its errors in the log and nothing else.
"""

import hashlib
import json
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import errors, identity_codes
from ..errors import RegisterError
from ..models import Learner, Organisation, TransferAttempt, VersionSource
from ..oids import is_learner_oid
from ..transfer_format.reader import transfer_facts
from .ingest import store_learner_document
from .ingest.parse import parse_body

logger = logging.getLogger(__name__)

# Transfer log rows of a learner sent with an identity code are keyed by this prefix and the code's lookup hash.
IDENTITY_CODE_KEY_PREFIX = "hetu:"


@dataclass
class BatchItem:
    """Outcome of one learner of a batch: a StoreResult or the RegisterError that rejected it."""

    result: object = None
    error: RegisterError | None = None

    @property
    def status(self):
        return 200 if self.error is None else self.error.status


def receive_learner(body, *, user, allow_update=True):
    """Store the learner document in a request body and log the transfer; raise RegisterError when rejected."""
    try:
        document = parse_body(body)
    except RegisterError as error:
        record_failure(None, body, error, user=user)
        raise
    return _receive_document(document, user=user, allow_update=allow_update)


def receive_batch(body, *, user):
    """Store each learner of a batch body in its own transaction; return one BatchItem per learner, in order."""
    try:
        documents = parse_body(body)
    except RegisterError as error:
        record_failure(None, body, error, user=user)
        raise
    if not isinstance(documents, list):
        error = RegisterError(errors.BATCH_NOT_A_LIST(value=type(documents).__name__))
        record_failure(documents, body, error, user=user)
        raise error

    items = []
    for document in documents:
        try:
            items.append(BatchItem(result=_receive_document(document, user=user, allow_update=True)))
        except RegisterError as error:
            items.append(BatchItem(error=error))
    return items


def _receive_document(document, *, user, allow_update):
    try:
        result = store_learner_document(document, user=user, source=VersionSource.API, allow_update=allow_update)
    except RegisterError as error:
        record_failure(document, None, error, user=user)
        raise
    record_success(document, result, user=user)
    return result


def record_success(document, result, *, user):
    facts = transfer_facts(document)
    learner = result.learner
    keys = _learner_keys(facts, learner.oid)
    for organisation_key, organisation in _organisations(facts, result, user):
        with transaction.atomic():
            # The success replaces the organisation's earlier outcome for this learner, under any key.
            TransferAttempt.objects.filter(organisation_key=organisation_key, learner_key__in=keys[1:]).delete()
            _save(organisation_key, keys[:1], organisation=organisation, learner=learner, facts=facts,
                  succeeded=True, errors=[], document_ciphertext="", user=user)


def record_failure(document, body, error, *, user):
    facts = transfer_facts(document)
    learner = _known_learner(facts)
    keys = _learner_keys(facts, learner.oid if learner else "", body)
    # A row kept under a hash of an older key is this learner's row too, until key rotation re-hashes it.
    row_keys = [keys[0], *(key for key in keys[1:] if key.startswith(IDENTITY_CODE_KEY_PREFIX))]
    stored = document if document is not None else (body or b"").decode("utf-8", errors="replace")
    ciphertext = identity_codes.encrypt_text(json.dumps(stored, ensure_ascii=False))
    # A path names the document's own keys, and a key may be an identity code sent in the wrong place.
    error_list = [{"key": item.key.key, "path": identity_codes.redact(item.path or "")} for item in error.errors]
    for organisation_key, organisation in _organisations(facts, None, user):
        with transaction.atomic():
            _save(organisation_key, row_keys, organisation=organisation, learner=learner, facts=facts,
                  succeeded=False, errors=error_list, document_ciphertext=ciphertext, user=user)
    logger.warning(
        "transfer_rejected user_id=%s keys=%s", getattr(user, "pk", None), ",".join(item.key.key for item in error.errors),
    )


def _save(organisation_key, learner_keys, *, organisation, learner, facts, succeeded, errors, document_ciphertext, user):
    """Write the outcome under `learner_keys[0]`, into the organisation's row under any of `learner_keys` if one exists."""
    learner_key = learner_keys[0]
    values = {
        "learner_key": learner_key,
        "organisation": organisation,
        "learner": learner,
        "learner_oid": learner.oid if learner else _sent_oid(facts),
        "identity_code_ciphertext": _encrypted_identity_code(facts),
        # A rejected document may have an identity code in the wrong field. Only the encrypted document keeps it.
        "first_names": identity_codes.redact(facts.first_names)[:200],
        "last_name": identity_codes.redact(facts.last_name)[:200],
        "source_system": identity_codes.redact(facts.source_system)[:64],
        "succeeded": succeeded,
        "errors": errors,
        "document_ciphertext": document_ciphertext,
        "user": user if user is not None and user.is_authenticated else None,
        "updated_at": timezone.now(),
    }
    rows = {
        attempt.learner_key: attempt
        for attempt in TransferAttempt.objects.select_for_update().filter(
            organisation_key=organisation_key, learner_key__in=learner_keys,
        )
    }
    attempt = next((rows[key] for key in learner_keys if key in rows), None)
    if attempt is None:
        try:
            with transaction.atomic():
                TransferAttempt.objects.create(organisation_key=organisation_key, **values)
            return
        except IntegrityError:
            attempt = TransferAttempt.objects.select_for_update().get(organisation_key=organisation_key, learner_key=learner_key)
    for name, value in values.items():
        setattr(attempt, name, value)
    attempt.attempts += 1
    attempt.save()


def _learner_keys(facts, learner_oid, body=None):
    """Return the keys of the learner, the preferred first: identity-code hash, learner OID, body hash.

    The identity-code hashes under older keys of TOR_IDENTITY_CODE_KEYS come last, because rows
    may still be kept under them until `rotate_identity_code_keys` has run.
    """
    keys = []
    older_hashes = []
    if facts.identity_code:
        current_hash, *older_hashes = identity_codes.lookup_hashes(facts.identity_code)
        keys.append(IDENTITY_CODE_KEY_PREFIX + current_hash)
    for oid in (learner_oid, _sent_oid(facts)):
        if oid and "oid:" + oid not in keys:
            keys.append("oid:" + oid)
    if not keys:
        digest = hashlib.sha256(body if isinstance(body, bytes) else json.dumps(facts.__dict__).encode()).hexdigest()
        keys.append("body:" + digest)
    keys.extend(IDENTITY_CODE_KEY_PREFIX + digest for digest in older_hashes)
    return keys


def _sent_oid(facts):
    """Return the learner OID the document sends, or "" when it is no OID (it may even be an identity code)."""
    return facts.learner_oid if is_learner_oid(facts.learner_oid) else ""


def _known_learner(facts):
    if _sent_oid(facts):
        return Learner.objects.filter(oid=facts.learner_oid).first()
    if facts.identity_code:
        return Learner.objects.filter(identity_code_hash__in=identity_codes.lookup_hashes(facts.identity_code)).first()
    return None


def _organisations(facts, result, user):
    """Return the (key, organisation) pairs a transfer is logged under: each institution it names, or the sender."""
    if result is not None:
        organisations = {stored.study_right.institution or stored.study_right.provider for stored in result.study_rights}
        return [(organisation.oid, organisation) for organisation in organisations if organisation is not None]
    found = {organisation.oid: organisation for organisation in Organisation.objects.filter(oid__in=facts.institution_oids)}
    if found:
        return list(found.items())
    return [(f"user:{getattr(user, 'pk', '')}", None)]


def _encrypted_identity_code(facts):
    try:
        return identity_codes.encrypt(identity_codes.validate(facts.identity_code, allow_synthetic=True)) if facts.identity_code else ""
    except identity_codes.InvalidIdentityCode:
        return identity_codes.encrypt_text(facts.identity_code)
