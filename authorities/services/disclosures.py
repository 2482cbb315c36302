"""Write the disclosure log: a Disclosure per API response or dataset, and one DisclosureLogEntry per learner in it.

Every access mode that sends learners' data calls `open_disclosure` and `add_learners`. The log
rows are written in bulk: on PostgreSQL with one COPY per call, elsewhere with batched inserts.
The audit trail gets its `disclosure` events from the caller: a request's through
`audit.record_on_success`, a dataset job's through `audit.record_many` per chunk.
"""

import logging

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from registry.models import AuditAction
from registry.services import audit

from ..models import Disclosure, DisclosureLogEntry

logger = logging.getLogger(__name__)

BULK_CREATE_BATCH_SIZE = 1000


def open_disclosure(access, mode, *, request_id="", complete=True, learner_count=0):
    """Create and return the Disclosure of one API response or dataset under `access`, with no learner rows yet.

    A caller that knows its number of learners passes `learner_count` and writes their rows with `write_log_rows`.
    """
    return Disclosure.objects.create(
        agreement=access.agreement,
        agreement_version=access.agreement_version,
        client=access.client,
        mode=mode,
        legal_basis=access.agreement.legal_basis,
        purpose=access.agreement.purpose,
        profile=access.profile.code,
        data_kinds=list(access.profile.data_kinds),
        disclosed_at=timezone.now(),
        request_id=request_id or "",
        complete=complete,
        learner_count=learner_count,
    )


def add_learners(disclosure, disclosed):
    """Write a DisclosureLogEntry for each DisclosedLearner in `disclosed` and add them to the Disclosure's count."""
    written = write_log_rows(disclosure, disclosed)
    if written:
        Disclosure.objects.filter(pk=disclosure.pk).update(learner_count=F("learner_count") + written)
    return written


def write_log_rows(disclosure, disclosed):
    """Write a DisclosureLogEntry for each DisclosedLearner in `disclosed`, leaving the Disclosure's count as it is."""
    rows = [(disclosure.pk, item.learner.pk, item.study_right_count) for item in disclosed]
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(DisclosureLogEntry._meta.db_table)
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} (disclosure_id, learner_id, study_rights) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    else:
        DisclosureLogEntry.objects.bulk_create(
            [DisclosureLogEntry(disclosure_id=pk, learner_id=learner_id, study_rights=study_rights)
             for pk, learner_id, study_rights in rows],
            batch_size=BULK_CREATE_BATCH_SIZE,
        )
    return len(rows)


@transaction.atomic
def log_disclosure(access, mode, disclosed, *, request_id=""):
    """Write the Disclosure of one API response and its learners' log rows; return it, or None when no learner was disclosed."""
    if not disclosed:
        return None
    disclosure = open_disclosure(access, mode, request_id=request_id, learner_count=len(disclosed))
    write_log_rows(disclosure, disclosed)
    logger.info(
        "disclosure_logged disclosure_id=%s agreement_id=%s mode=%s learners=%s",
        disclosure.pk, access.agreement.pk, mode, len(disclosed),
    )
    return disclosure


def audit_subjects(disclosed):
    """Return the audit subjects of a disclosure: one `disclosure` event per learner."""
    return [audit.Subject(item.learner.oid, action=AuditAction.DISCLOSURE) for item in disclosed]
