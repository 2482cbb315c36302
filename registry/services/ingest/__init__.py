"""The ingest pipeline: a learner document in the national transfer format, checked and stored.

    parse -> check structure -> resolve -> authorise -> validate -> store

Each step is its own module. The last four run in one transaction, with the learner's row
locked, so a document is stored completely or not at all.
"""

import logging

from django.db import IntegrityError, transaction

from ...models import VersionSource
from .authorise import authorise
from .check_structure import check_structure
from .parse import parse_body
from .resolve import resolve
from .store import StoreResult, store
from .validate import validate

logger = logging.getLogger(__name__)

__all__ = ["StoreResult", "store_learner_body", "store_learner_document"]


def store_learner_body(body, *, user, source=VersionSource.API, allow_update=True):
    """Parse a request body and store the learner document in it; raise RegisterError when rejected."""
    document = parse_body(body)
    return store_learner_document(document, user=user, source=source, allow_update=allow_update)


def store_learner_document(document, *, user, source=VersionSource.API, allow_update=True):
    """Store a parsed learner document; raise RegisterError when rejected, with nothing stored."""
    submission = check_structure(document)

    # A concurrent request can create the same new learner between the lookup and the insert;
    # the unique identity-code hash then rejects this insert, and the retry finds that learner.
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                resolution = resolve(submission)
                authorise(resolution, user, source)
                validate(resolution, allow_update=allow_update)
                return store(resolution, user=user, source=source)
        except IntegrityError:
            if attempt == 2:
                raise
            logger.warning("ingest_retry reason=integrity_error user_id=%s", getattr(user, "pk", None))
