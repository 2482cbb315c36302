"""Demo data: reference data, demo users and demo learners, loaded by one call of `load_demo_data`.

When `../shared` beside the project contains the national service's sample documents, the learners
are those samples, each stored as a learner of its own. Otherwise they are the project's own demo
learners, which use only what the project's own reference fixture contains. Every learner
document goes through the ingest pipeline that the API uses, written by the demo registry
administrator with the version source "demo". A second load adds nothing.
"""

import logging
from pathlib import Path

from django.conf import settings

from ..reference_data import load_reference_data
from .learners import example_learner_oid, store_own_learners
from .report import DemoDataError, DemoReport
from .samples import store_samples
from .sources import default_reference_directory, default_samples_directory
from .users import (
    DEMO_LOGINS,
    PROVIDER_OFFICIAL,
    REGISTRY_ADMINISTRATOR,
    ensure_provider_official,
    ensure_registry_administrator,
)

logger = logging.getLogger(__name__)

__all__ = [
    "DEMO_LOGINS",
    "PROVIDER_OFFICIAL",
    "REGISTRY_ADMINISTRATOR",
    "DemoDataError",
    "DemoReport",
    "load_demo_data",
]


def load_demo_data(*, reference_directory=None, samples_directory=None, use_samples=True, progress=None):
    """Load the demo data and return a DemoReport; raise DemoDataError or ReferenceDataError when it cannot.

    `reference_directory` defaults to the national reference data beside the project, else the
    project's own fixture. `samples_directory` defaults to the national sample documents beside the
    project, used only with the national reference data; `use_samples=False` stores the project's
    own demo learners instead.
    """
    if not settings.TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES:
        raise DemoDataError(
            "Demo learners have synthetic identity codes (individual numbers 900-999), which this "
            "installation rejects. Load demo data only into a demo or test installation, where "
            "TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES is true."
        )
    reference_directory = Path(reference_directory) if reference_directory else default_reference_directory()
    if not use_samples:
        samples_directory = None
    elif samples_directory is None:
        samples_directory = default_samples_directory(reference_directory)
    else:
        samples_directory = Path(samples_directory)
        if not samples_directory.is_dir():
            raise DemoDataError(f"{samples_directory}: folder not found; give a folder of learner documents (*.json).")

    report = DemoReport(reference_directory=reference_directory, samples_directory=samples_directory)
    logger.info("demo_load_started reference=%s samples=%s", reference_directory, samples_directory or "own")

    if progress:
        progress(f"reference data from {reference_directory}")
    report.reference = load_reference_data(reference_directory, progress=progress)

    administrator = ensure_registry_administrator(report)
    ensure_provider_official(report)

    if samples_directory is not None:
        store_samples(samples_directory, administrator, report, progress)
    else:
        store_own_learners(administrator, report, progress)
    report.example_learner_oid = example_learner_oid(report)

    # The shipped authorities with one active agreement per data profile, to try the disclosure API.
    from authorities.models import AgreementStatus
    from authorities.services.agreement_fixtures import load_authority_agreements

    if progress:
        progress("authorities and data-sharing agreements")
    load_authority_agreements(status=AgreementStatus.ACTIVE, changed_by=administrator)

    logger.info(
        "demo_load_finished learners_added=%s learners_present=%s rejected=%s",
        report.learners_added, report.learners_present, len(report.rejected),
    )
    return report
