"""Re-check stored study rights against the reference data as it is now, and report per provider what no longer passes.

Reference data changes under stored records: a code set drops a code, an organisation closes, a
qualification description's validity ends or loses a unit. `revalidate` runs each stored study
right through the ingest's structure check, resolve and validation steps, as if its provider
sent it again unchanged, and lists the ones that fail with the errors they get. It never stores
anything: every check runs in a savepoint that is rolled back, and no document, version,
transfer-log row or audit event is written.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from ..errors import RegisterError
from ..models import StudyRight
from ..transfer_format.structure import READ_ONLY_TYPES
from ..transfer_format.writer import person_document, study_right_document
from .ingest.check_structure import check_structure
from .ingest.resolve import resolve
from .ingest.validate import validate

logger = logging.getLogger(__name__)

# Reported for a stored document that the checks fail on with an exception instead of an error key.
UNREADABLE = "internalError.revalidation"


@dataclass
class Failure:
    study_right_oid: str
    learner_oid: str
    institution_oid: str
    errors: list


@dataclass
class ProviderReport:
    provider_oid: str
    provider_name: str
    checked: int = 0
    failures: list = field(default_factory=list)


@dataclass
class RevalidationReport:
    providers: dict = field(default_factory=dict)

    @property
    def checked(self):
        return sum(report.checked for report in self.providers.values())

    @property
    def failed(self):
        return sum(len(report.failures) for report in self.providers.values())

    def provider(self, study_right):
        provider = study_right.provider or study_right.institution
        key = provider.oid if provider is not None else ""
        if key not in self.providers:
            self.providers[key] = ProviderReport(key, provider.display_name if provider is not None else "")
        return self.providers[key]


def revalidate(*, provider_oid=None, progress=None):
    """Check every valid stored study right (of one provider's tree, when given); return a RevalidationReport.

    Study rights imported read-only from other national registers (VIRTA, YTR) are left out:
    their rules are those registers', not the provider API's.
    """
    study_rights = (
        StudyRight.objects.filter(invalidated=False).exclude(type__in=list(READ_ONLY_TYPES))
        .select_related("learner", "provider", "institution").order_by("provider__path", "oid")
    )
    if provider_oid:
        study_rights = study_rights.filter(provider__path__contains=f"{provider_oid}/")
    report = RevalidationReport()
    for index, study_right in enumerate(study_rights.iterator(chunk_size=200), start=1):
        provider_report = report.provider(study_right)
        provider_report.checked += 1
        errors = check_again(study_right)
        if errors:
            provider_report.failures.append(Failure(
                study_right.oid, study_right.learner.oid, study_right.institution.oid if study_right.institution else "", errors,
            ))
        if progress is not None and index % 1000 == 0:
            progress(index)
    logger.info("revalidation_finished checked=%s failed=%s", report.checked, report.failed)
    return report


def check_again(study_right):
    """Return the errors (key, path, message) that `study_right` gets when sent again as it is stored; [] when it passes."""
    document = {
        "henkilö": person_document(study_right.learner),
        "opiskeluoikeudet": [study_right_document(study_right)],
    }
    try:
        with transaction.atomic():
            try:
                resolution = resolve(check_structure(document))
                validate(resolution, allow_update=True)
            finally:
                # Resolve locks rows and may fill in names; nothing of it is kept.
                transaction.set_rollback(True)
    except RegisterError as error:
        return [(item.key.key, item.path or "", item.message()) for item in error.errors]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        # A document the checks cannot read (possible for records imported without them) is
        # reported, so one record does not stop the run.
        logger.error("revalidation_check_failed study_right_oid=%s error=%s", study_right.oid, type(error).__name__)
        return [(UNREADABLE, "", gettext("the checks could not read the stored document (%(error)s)") % {
            "error": type(error).__name__,
        })]
    return []
