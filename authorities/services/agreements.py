"""Create and change data-sharing agreements, keeping every change as an AgreementVersion.

The admin and the `load_authority_agreements` command call these functions; nothing else writes
agreements. A status moves draft → active → suspended → active … and any status may move to
ended, which is final: an ended agreement is never resumed, a new one is made instead.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import AgreementStatus, AgreementVersion, DataSharingAgreement

logger = logging.getLogger(__name__)

# The fields of an agreement that its history keeps, in the order the admin shows them.
HISTORY_FIELDS = (
    "authority_id", "name", "diary_number", "legal_basis", "purpose", "valid_from", "valid_to", "status",
    "education_types", "profile", "access_modes", "receives_non_disclosure_details", "lookup_batch_limit",
    "datasets_per_day", "dataset_retention_hours",
)
STATUS_TRANSITIONS = {
    AgreementStatus.DRAFT: {AgreementStatus.ACTIVE, AgreementStatus.ENDED},
    AgreementStatus.ACTIVE: {AgreementStatus.SUSPENDED, AgreementStatus.ENDED},
    AgreementStatus.SUSPENDED: {AgreementStatus.ACTIVE, AgreementStatus.ENDED},
    AgreementStatus.ENDED: set(),
}


@transaction.atomic
def save_agreement(agreement, *, changed_by=None):
    """Validate and save `agreement` (new or changed) and record the change as a new AgreementVersion.

    Raises ValidationError for invalid values and for a status change that STATUS_TRANSITIONS
    does not allow. Saving an unchanged agreement writes no version. Returns the agreement.
    """
    previous = None
    if agreement.pk is not None:
        previous = DataSharingAgreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.status != previous.status and agreement.status not in STATUS_TRANSITIONS[previous.status]:
            raise ValidationError({"status": ValidationError(
                _("An agreement cannot move from %(old)s to %(new)s."), code="status_transition",
                params={"old": previous.get_status_display(), "new": agreement.get_status_display()},
            )})
    agreement.education_types = sorted(set(agreement.education_types))
    agreement.access_modes = sorted(set(agreement.access_modes))
    agreement.full_clean()

    values = history_values(agreement)
    changed = [name for name in HISTORY_FIELDS if previous is None or history_values(previous)[name] != values[name]]
    if previous is not None and not changed:
        return agreement
    agreement.save()
    last = agreement.versions.order_by("-version").values_list("version", flat=True).first() or 0
    AgreementVersion.objects.create(
        agreement=agreement,
        version=last + 1,
        changed_at=timezone.now(),
        changed_by=changed_by if changed_by is not None and changed_by.is_authenticated else None,
        changed_by_name=changed_by.get_username() if changed_by is not None and changed_by.is_authenticated else "",
        changed_fields=changed,
        values=history_values(agreement),
    )
    logger.info(
        "agreement_saved agreement_id=%s version=%s status=%s changed=%s",
        agreement.pk, last + 1, agreement.status, ",".join(changed),
    )
    return agreement


def history_values(agreement):
    """Return the agreement's HISTORY_FIELDS as JSON values: dates as ISO text."""
    values = {}
    for name in HISTORY_FIELDS:
        value = getattr(agreement, name)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def current_version(agreement):
    """Return the number of the agreement's latest version, or None for an agreement saved outside the service."""
    return agreement.versions.order_by("-version").values_list("version", flat=True).first()
