"""Retention: remove what the register keeps only for a while, and report what was removed.

What goes, each with its own period (docs/operations.md, "Retention"):

- the documents sent with failed transfers, from the transfer log, TOR_RETENTION_FAILED_TRANSFER_DAYS
  after the transfer (the error row stays, so the provider still sees what failed);
- share links, TOR_RETENTION_SHARE_LINK_DAYS after they expired or were revoked;
- bulk dataset files whose agreement's keeping period has ended;
- expired sessions;
- audit events older than TOR_AUDIT_RETENTION_DAYS, through the audit trail's own retention,
  which keeps every chain verifiable.

Study rights, their versions, achievements and disclosures are never touched: nothing here
reads or writes those tables, and the tests check that they are unchanged after a run.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from registry.models import TransferAttempt

logger = logging.getLogger(__name__)

FAILED_TRANSFER_DOCUMENTS = "failed_transfer_documents"
SHARE_LINKS = "share_links"
DATASET_FILES = "dataset_files"
SESSIONS = "sessions"
AUDIT_EVENTS = "audit_events"
ALL_KINDS = (FAILED_TRANSFER_DOCUMENTS, SHARE_LINKS, DATASET_FILES, SESSIONS, AUDIT_EVENTS)


@dataclass
class RetentionRun:
    """How many items of each kind a run removed, and the kinds it skipped because no period is set."""

    removed: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.removed.values())


def apply_retention(*, now=None):
    """Apply every retention period from the settings and return a RetentionRun.

    Each kind is removed in its own transaction, so one failure leaves the others done; the
    audit trail's retention must run outside a transaction and comes last.
    """
    now = now or timezone.now()
    run = RetentionRun()

    failed_days = settings.TOR_RETENTION_FAILED_TRANSFER_DAYS
    if failed_days is None:
        run.skipped.append(FAILED_TRANSFER_DOCUMENTS)
    else:
        run.removed[FAILED_TRANSFER_DOCUMENTS] = remove_failed_transfer_documents(now - timedelta(days=failed_days))

    share_days = settings.TOR_RETENTION_SHARE_LINK_DAYS
    if share_days is None:
        run.skipped.append(SHARE_LINKS)
    else:
        from registry.services.share_links import delete_expired_share_links

        with transaction.atomic():
            run.removed[SHARE_LINKS] = delete_expired_share_links(timedelta(days=share_days))

    run.removed[DATASET_FILES] = remove_expired_dataset_files(now)
    run.removed[SESSIONS] = remove_expired_sessions(now)

    audit_days = settings.TOR_AUDIT_RETENTION_DAYS
    if audit_days is None:
        run.skipped.append(AUDIT_EVENTS)
    else:
        from registry.services import audit

        run.removed[AUDIT_EVENTS] = audit.apply_retention(audit_days).events_deleted

    logger.info(
        "retention_applied %s skipped=%s",
        " ".join(f"{kind}={count}" for kind, count in run.removed.items()), ",".join(run.skipped) or "none",
    )
    return run


def remove_failed_transfer_documents(cutoff):
    """Blank the stored documents of failed transfers last sent before `cutoff`; return how many were blanked."""
    with transaction.atomic():
        return (
            TransferAttempt.objects.filter(succeeded=False, updated_at__lt=cutoff)
            .exclude(document_ciphertext="").update(document_ciphertext="")
        )


def remove_expired_dataset_files(now):
    """Delete the files of bulk datasets past their expiry (authorities.services.datasets); return how many."""
    from authorities.services import datasets

    # NOTE: until authorities.services.datasets has delete_expired_datasets, its expire_datasets
    # (which deletes the files of expired datasets too) does the work.
    remove = getattr(datasets, "delete_expired_datasets", None) or datasets.expire_datasets
    return remove(now=now)


def remove_expired_sessions(now):
    """Delete the sessions that have expired; return how many, when the session engine stores them in the database."""
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore
    if not hasattr(store, "get_model_class"):
        # Cache and cookie sessions expire by themselves.
        store.clear_expired()
        return 0
    with transaction.atomic():
        deleted, _by_model = store.get_model_class().objects.filter(expire_date__lt=now).delete()
    return deleted
