"""Store demo learners through the ingest pipeline, as the API does, each learner once."""

import json
import logging

from django.db import transaction

from ... import identity_codes
from ...errors import RegisterError
from ...models import Learner, StudyRight, VersionSource
from ...transfer_format.reader import read_person
from ..ingest import store_learner_document
from .report import DemoDataError, RejectedDocument
from .sources import OWN_LEARNERS

logger = logging.getLogger(__name__)


def read_document(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DemoDataError(f"{path}: cannot read the JSON document ({error}).") from error


def learner_with_identity_code(identity_code):
    """Return the learner (or the one it was merged into) with `identity_code`, or None."""
    learner = Learner.objects.select_related("master").filter(
        identity_code_hash__in=identity_codes.lookup_hashes(identity_code),
    ).first()
    if learner is not None and learner.master is not None:
        return learner.master
    return learner


def is_loaded(learner):
    """Return whether a demo learner was stored by an earlier load: it exists and has study rights."""
    return learner is not None and learner.study_rights.exists()


def store_demo_document(name, build_document, administrator, report):
    """Store the learner document that `build_document()` returns, in one transaction with what that creates.

    A rejected document is recorded in the report with its errors and leaves nothing behind.
    Returns the ingest StoreResult, or None when the document was rejected.
    """
    try:
        with transaction.atomic():
            document = build_document()
            result = store_learner_document(document, user=administrator, source=VersionSource.DEMO)
    except RegisterError as error:
        report.rejected.append(RejectedDocument(name=name, errors=[problem.as_json() for problem in error.errors]))
        logger.warning(
            "demo_document_rejected name=%s keys=%s", name, ",".join(problem.key.key for problem in error.errors),
        )
        return None

    report.learners_added += 1
    report.study_rights_added += sum(1 for stored in result.study_rights if stored.created)
    report.learner_oids.append(result.learner.oid)
    return result


def store_own_learners(administrator, report, progress=None):
    """Store the project's own demo learners, each unless an earlier load stored it."""
    paths = sorted(OWN_LEARNERS.glob("*.json"))
    for index, path in enumerate(paths, start=1):
        document = read_document(path)
        learner = learner_with_identity_code(read_person(document).identity_code)
        if is_loaded(learner):
            report.learners_present += 1
            report.learner_oids.append(learner.oid)
            status = "already loaded"
        else:
            stored = store_demo_document(path.name, lambda document=document: document, administrator, report)
            status = "stored" if stored else "rejected"
        if progress:
            progress(f"demo learners {index}/{len(paths)}: {path.name} {status}")


def example_learner_oid(report):
    """Return the OID of a demo learner that both demo users may read: one of the official's institution if any."""
    at_institution = (
        StudyRight.objects.filter(learner__oid__in=report.learner_oids, institution=report.official_institution)
        .order_by("created_at", "pk")
        .values_list("learner__oid", flat=True)
        .first()
    )
    if at_institution:
        return at_institution
    return report.learner_oids[0] if report.learner_oids else None
