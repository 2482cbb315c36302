"""The change feed: the study-right versions an agreement may see, in an order that later commits never insert into.

Each accepted change of a study right is one StudyRightVersion row, and PostgreSQL stamps it with
the id of the transaction that wrote it (`transaction_id`). A page takes only versions whose
transaction id is below the commit-order horizon (registry.commit_order explains it) and orders
them by (transaction id, row id). So the set of versions before a position never grows once a
page has passed it, and a consumer that sends each page's cursor back never misses a committed
change and never gets one twice. Row ids alone would not do: a transaction can take id 10,
commit after the transaction of id 11, and be skipped by a reader that had already passed 11.
The audit trail's sealer orders its events the same way (docs/audit.md). A long writing
transaction in this database holds the feed back until it ends, by design.

On SQLite writers are serialised by the database lock, so row ids grow in commit order and the
cursor is the row id alone.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from registry import errors
from registry.commit_order import HORIZON_SQL
from registry.errors import RegisterError
from registry.models import StudyRightVersion

from ..transfer_format.projection import study_right_passes
from .disclosure import disclosed_learners

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
FEED_HORIZON = HORIZON_SQL


@dataclass(frozen=True)
class Cursor:
    """A position in the change feed: after the version row `row_id` of transaction `transaction_id` (0 on SQLite)."""

    transaction_id: int = 0
    row_id: int = 0

    def encode(self):
        return f"{self.transaction_id}-{self.row_id}"

    @classmethod
    def decode(cls, text):
        """Return the Cursor of a cursor text; None or "" is the start. Raises RegisterError for anything else."""
        if not text:
            return cls()
        parts = text.split("-")
        if len(parts) != 2 or not all(part.isdigit() and len(part) <= 19 for part in parts):
            raise RegisterError(errors.DISCLOSURE_CURSOR_INVALID(value=text[:40]))
        return cls(int(parts[0]), int(parts[1]))


@dataclass(frozen=True)
class Change:
    """One version in the feed: the study right it changed, its version number and whether it invalidated it."""

    version: StudyRightVersion
    learner_oid: str


@dataclass(frozen=True)
class FeedPage:
    changes: list
    learners: list
    cursor: Cursor
    more: bool


def feed_page(access, cursor, size=DEFAULT_PAGE_SIZE):
    """Return the next FeedPage after `cursor`: at most `size` changes the agreement may see, and their learners.

    Versions of study rights outside the agreement's education types, or left out by the
    profile's rules, are skipped, and the returned cursor moves past them too. The learners are
    the changed study rights' learners as they are now, each once, as `disclosed_learners`
    returns them. A change that invalidated a study right is listed without its data.
    """
    versions = StudyRightVersion.objects.filter(study_right__type__in=access.education_types)
    if connection.vendor == "postgresql":
        versions = versions.filter(transaction_id__lt=RawSQL(FEED_HORIZON, ()))
        if cursor.transaction_id or cursor.row_id:
            versions = versions.filter(
                Q(transaction_id__gt=cursor.transaction_id) | Q(transaction_id=cursor.transaction_id, id__gt=cursor.row_id)
            )
        versions = versions.order_by("transaction_id", "id")
    else:
        versions = versions.filter(id__gt=cursor.row_id).order_by("id")
    rows = list(
        versions.select_related("study_right", "study_right__learner", "study_right__learner__master")
        .defer("patch", "snapshot")[: size + 1]
    )
    more = len(rows) > size
    rows = rows[:size]

    changes, owners = [], {}
    for row in rows:
        if not study_right_passes(access.profile, row.study_right):
            continue
        owner = row.study_right.learner.master or row.study_right.learner
        owners.setdefault(owner.pk, owner)
        changes.append(Change(version=row, learner_oid=owner.oid))
    next_cursor = cursor
    if rows:
        last = rows[-1]
        next_cursor = Cursor(last.transaction_id or 0, last.pk)
    return FeedPage(changes=changes, learners=disclosed_learners(access, owners.values()), cursor=next_cursor, more=more)
