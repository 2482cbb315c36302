"""Reads of the transfer log (tiedonsiirrot), scoped to the caller's organisations."""

from django.db.models import Count, Max, Q, Sum

from .. import permissions
from ..models import TransferAttempt


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
