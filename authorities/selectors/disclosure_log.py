"""The disclosure log as the learner sees it: which authority received their data, when, why and what kind.

The citizen pages call `disclosures_of_learner`; the registry staff read the same rows in the
admin. Reading them is a read of the learner's data, so the caller records its audit event.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import get_language

from registry.models.fields import localised
from registry.selectors.study_rights import learner_ids_with_merged

from ..models import AccessMode, DisclosureLogEntry
from ..transfer_format.profiles import DATA_KINDS


@dataclass(frozen=True)
class DisclosureRecord:
    """One disclosure of one learner's data, ready to show: every text is in the active language when read."""

    disclosed_at: datetime
    authority_name: str
    authority_business_id: str
    agreement_name: str
    legal_basis: str
    purpose: str
    mode: str
    mode_label: str
    data_kinds: tuple
    data_kind_labels: tuple
    study_rights: int


def disclosures_of_learner(learner, *, limit=None):
    """Return DisclosureRecords of `learner` and of the learners merged into it, newest first.

    Only complete disclosures are included: a bulk dataset whose job failed or is still running
    sent nothing. `limit` caps the number of records (None: all). Aggregate statistics name no
    learner and are never in the log.
    """
    entries = (
        DisclosureLogEntry.objects.filter(learner_id__in=learner_ids_with_merged(learner), disclosure__complete=True)
        .select_related("disclosure", "disclosure__agreement", "disclosure__agreement__authority")
        .order_by("-disclosure__disclosed_at", "-disclosure_id")
    )
    if limit is not None:
        entries = entries[:limit]
    language = get_language()
    records = []
    for entry in entries:
        disclosure = entry.disclosure
        agreement = disclosure.agreement
        kinds = tuple(disclosure.data_kinds)
        records.append(DisclosureRecord(
            disclosed_at=disclosure.disclosed_at,
            authority_name=localised(agreement.authority.name, language),
            authority_business_id=agreement.authority.business_id,
            agreement_name=agreement.name,
            legal_basis=disclosure.legal_basis,
            purpose=disclosure.purpose,
            mode=disclosure.mode,
            mode_label=str(AccessMode(disclosure.mode).label),
            data_kinds=kinds,
            data_kind_labels=tuple(str(DATA_KINDS.get(kind, kind)) for kind in kinds),
            study_rights=entry.study_rights,
        ))
    return records
