"""Reads of the transfer log (tiedonsiirrot), scoped to the caller's organisations."""

import re
from functools import cache

from django.db.models import Count, Max, Q, Sum

from .. import permissions
from ..models import TransferAttempt
from ..transfer_format.sensitive import sensitive_field_names
from ..transfer_format.structure import SUPPORTED_TYPES

# A list index at the end of a path segment: `vammainen[0]`.
INDEX_SUFFIX = re.compile(r"\[\d+\]$")


def visible_transfer_attempts(user):
    """Return the transfer log rows of the caller's organisations (and those below), plus the caller's own.

    Registry administrators see every row. A provider official sees the rows whose saving
    organisation lies in an organisation where they may read study rights.
    """
    if permissions.is_registry_administrator(user):
        return TransferAttempt.objects.select_related("organisation")
    scope = permissions.organisation_scope(user, permissions.READ, "organisation") | Q(user=user)
    return TransferAttempt.objects.filter(scope).select_related("organisation")


def transfer_summary(user):
    """Return per saving organisation and source system: learners sent, failed, succeeded, last transfer."""
    return (
        visible_transfer_attempts(user)
        .values("organisation__oid", "organisation__name", "source_system")
        .annotate(
            sent=Sum("attempts"),
            learners=Count("id"),
            failed=Count("id", filter=Q(succeeded=False)),
            succeeded=Count("id", filter=Q(succeeded=True)),
            last_transfer=Max("updated_at"),
        )
        .order_by("organisation__oid", "source_system")
    )


def may_see_sensitive_transfer_data(user, attempt):
    """Return whether `user` may see the sensitive data of a transfer log row: its document and full error paths.

    That needs the sensitive-data right on the row's organisation. A row without an organisation
    is visible only to its sender and to registry administrators, who see it whole.
    """
    if attempt.organisation is None:
        return True
    return permissions.has_organisation_permission(user, permissions.SENSITIVE, attempt.organisation)


def readable_errors(user, attempt):
    """Return the errors of a transfer log row as `user` may see them.

    An error's path names fields of the document sent, and a path through a sensitive field, such
    as `opiskeluoikeudet[0].lisätiedot.vammainen[0].alku`, reveals that the learner has such data.
    For a reader without the sensitive-data right such a path ends before that field:
    `opiskeluoikeudet[0].lisätiedot`.
    """
    if may_see_sensitive_transfer_data(user, attempt):
        return attempt.errors
    return [{**error, "path": _path_without_sensitive_fields(error.get("path") or "")} for error in attempt.errors]


def _path_without_sensitive_fields(path):
    segments = path.split(".")
    for index, segment in enumerate(segments):
        if INDEX_SUFFIX.sub("", segment) in _sensitive_names():
            return ".".join(segments[:index])
    return path


@cache
def _sensitive_names():
    """Return the names of the sensitive fields of every supported study-right type.

    A failed document may be of any type, or of none that the register can tell, so every name
    counts. That also cuts a few harmless paths through a name that another class uses for
    ordinary data, such as `kuvaus`.
    """
    return frozenset().union(*(sensitive_field_names(study_right_type) for study_right_type in SUPPORTED_TYPES))
