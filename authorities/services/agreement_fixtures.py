"""Load the shipped authorities and one data-sharing agreement per data profile from `authorities/fixtures/agreements.json`.

Each authority is found by its business ID and each agreement by its authority and profile, so
a second load adds nothing and never overwrites what registry staff changed in the admin. New
agreements are saved through `save_agreement`, so their first version is in the history.
"""

import datetime
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ..models import AgreementStatus, Authority, DataSharingAgreement
from ..transfer_format.profiles import PROFILES
from .agreements import save_agreement

logger = logging.getLogger(__name__)

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "agreements.json"
# The day the shipped agreements start.
VALID_FROM = datetime.date(2025, 1, 1)


@dataclass
class FixtureReport:
    authorities_created: int = 0
    agreements_created: int = 0
    agreements_present: int = 0
    agreements: list = field(default_factory=list)


@transaction.atomic
def load_authority_agreements(*, status=AgreementStatus.DRAFT, changed_by=None, path=FIXTURE):
    """Create the fixture's authorities and agreements that do not exist yet; return a FixtureReport.

    New agreements get `status`: draft by default, so that registry staff activate each one when
    it is signed; the demo loads them active. Raises ValueError for a fixture that names an
    unknown profile and ValidationError (from `save_agreement`) for invalid values.
    """
    report = FixtureReport()
    for entry in json.loads(Path(path).read_text(encoding="utf-8"))["authorities"]:
        profile = PROFILES.get(entry["profile"])
        if profile is None:
            raise ValueError(f"{path}: no data profile is called {entry['profile']!r}.")
        authority, created = Authority.objects.get_or_create(
            business_id=entry["business_id"], defaults={"name": entry["name"]},
        )
        report.authorities_created += int(created)

        agreement = DataSharingAgreement.objects.filter(authority=authority, profile=profile.code).first()
        if agreement is not None:
            report.agreements_present += 1
            report.agreements.append(agreement)
            continue
        agreement = save_agreement(DataSharingAgreement(
            authority=authority,
            name=entry["agreement"],
            legal_basis=entry["legal_basis"],
            purpose=entry["purpose"],
            valid_from=VALID_FROM,
            status=status,
            profile=profile.code,
            education_types=list(profile.education_types),
            access_modes=list(entry["access_modes"]),
        ), changed_by=changed_by)
        report.agreements_created += 1
        report.agreements.append(agreement)
    logger.info(
        "authority_agreements_loaded authorities_created=%s agreements_created=%s agreements_present=%s",
        report.authorities_created, report.agreements_created, report.agreements_present,
    )
    return report
