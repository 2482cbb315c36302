"""Step 6 of ingest: write the resolved study rights, their versions and achievement rows.

Runs in the transaction of the whole learner document, after the earlier steps passed, so a
document is stored completely or not at all. Every learner created or changed and every study
right written records an audit event in the same transaction. An unchanged study right records none.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.utils import timezone

from ... import identity_codes
from ...models import AuditAction, FormerIdentityCode, Learner, Organisation, StudyRight
from ...oids import LEARNER_NODE, STUDY_RIGHT_NODE, generate_oid
from ...transfer_format import lifecycle
from ...transfer_format.reader import read_study_right
from .. import audit
from ..achievements import rebuild_achievements
from .sensitive_data import may_change_sensitive, with_stored_sensitive
from ..history import record_version

logger = logging.getLogger(__name__)


@dataclass
class StoredStudyRight:
    study_right: StudyRight
    created: bool
    changed: bool


@dataclass(frozen=True)
class ImportedVersion:
    """A version as the national service stored it: its number, its aikaleima text and its RFC 6902 patch."""

    number: int
    timestamp_text: str
    patch: list


@dataclass
class StoreResult:
    learner: Learner
    learner_created: bool
    study_rights: list = field(default_factory=list)


def store(resolution, *, user, source, allow_delete_completed=False):
    """Write the resolution: create the learner if new, then each study right in document order."""
    timestamp = timezone.now()
    learner = resolution.learner
    learner_created = learner is None
    if learner_created:
        learner = create_learner(resolution.submission.person)
    elif resolution.submission.person.identity_code and not learner.identity_code_hash:
        # The code may be a merged duplicate's or a replaced one, which found this learner and stays where it is.
        if not identity_code_in_use(resolution.submission.person.identity_code):
            add_identity_code(learner, resolution.submission.person.identity_code)

    result = StoreResult(learner=learner, learner_created=learner_created)
    for resolved in resolution.study_rights:
        if resolved.existing is None:
            stored = create_study_right(learner, resolved, timestamp=timestamp, user=user, source=source)
        else:
            stored = update_study_right(
                resolved, timestamp=timestamp, user=user, source=source, allow_delete_completed=allow_delete_completed,
            )
        result.study_rights.append(stored)
        logger.info(
            "study_right_stored study_right_oid=%s version=%s created=%s changed=%s user_id=%s",
            stored.study_right.oid, stored.study_right.version, stored.created, stored.changed,
            getattr(user, "pk", None),
        )
    return result


def create_learner(person, *, allow_synthetic=None):
    """Create the learner a document describes, with the OID it sends or a new one.

    `allow_synthetic` is passed to `identity_codes.validate`. The imports from other national
    registers pass True: the source register has already accepted the person's code.
    """
    code = identity_codes.validate(person.identity_code, allow_synthetic=allow_synthetic) if person.identity_code else ""
    learner = Learner.objects.create(
        oid=person.oid or _unused_oid(Learner, LEARNER_NODE),
        identity_code_ciphertext=identity_codes.encrypt(code) if code else "",
        identity_code_hash=identity_codes.lookup_hash(code) if code else None,
        first_names=person.first_names,
        calling_name=person.calling_name,
        last_name=person.last_name,
        birth_date=identity_codes.birth_date(code) if code else None,
    )
    audit.record(AuditAction.LEARNER_WRITE, learner_oid=learner.oid, details={"change": "created"})
    logger.info("learner_created learner_oid=%s", learner.oid)
    return learner


def identity_code_in_use(code):
    """Return whether any learner has `code`, now or as a replaced code."""
    hashes = identity_codes.lookup_hashes(code)
    return (
        Learner.objects.filter(identity_code_hash__in=hashes).exists()
        or FormerIdentityCode.objects.filter(identity_code_hash__in=hashes).exists()
    )


def add_identity_code(learner, code, *, allow_synthetic=None):
    code = identity_codes.validate(code, allow_synthetic=allow_synthetic)
    learner.identity_code_ciphertext = identity_codes.encrypt(code)
    learner.identity_code_hash = identity_codes.lookup_hash(code)
    learner.birth_date = learner.birth_date or identity_codes.birth_date(code)
    learner.save(update_fields=["identity_code_ciphertext", "identity_code_hash", "birth_date", "updated_at"])
    audit.record(AuditAction.LEARNER_WRITE, learner_oid=learner.oid, details={"change": "identity_code_added"})


def create_study_right(learner, resolved, *, timestamp, user, source):
    study_right = StudyRight(oid=_unused_oid(StudyRight, STUDY_RIGHT_NODE), learner=learner, version=0)
    write_version(study_right, resolved.document, resolved.institution, resolved.provider,
                  timestamp=timestamp, user=user, source=source)
    return StoredStudyRight(study_right=study_right, created=True, changed=True)


def update_study_right(resolved, *, timestamp, user, source, allow_delete_completed=False):
    """Write the next version of a stored study right, or nothing when the document is unchanged.

    A document whose last period invalidates the study right invalidates the stored version and
    changes nothing else. Otherwise verified top-level achievements that the document leaves out
    are kept, unless `allow_delete_completed`, and so is the stored sensitive data when the
    writer may not change it.
    """
    study_right = resolved.existing
    action = AuditAction.STUDY_RIGHT_WRITE
    if lifecycle.is_invalidation(resolved.document):
        action = AuditAction.STUDY_RIGHT_INVALIDATE
        document = lifecycle.invalidated(
            study_right.document, invalidation_day(resolved.document), lifecycle.periods(resolved.document)[-1]["tila"].get("nimi"),
        )
    else:
        document = resolved.document
        if not allow_delete_completed:
            document = lifecycle.with_kept_completed_achievements(study_right.document, document, study_right.type)
        if not may_change_sensitive(user, resolved):
            document = with_stored_sensitive(study_right.document, document, study_right.type)
        document = lifecycle.with_organisation_history(study_right.document, document, timezone.localdate(timestamp))
    if study_right.document == document:
        return StoredStudyRight(study_right=study_right, created=False, changed=False)

    write_version(study_right, document, resolved.institution, resolved.provider,
                  timestamp=timestamp, user=user, source=source, action=action)
    return StoredStudyRight(study_right=study_right, created=False, changed=True)


def invalidation_day(document):
    return datetime.date.fromisoformat(lifecycle.periods(document)[-1]["alku"])


def write_version(study_right, document, institution, provider, *, timestamp, user, source,
                  action=AuditAction.STUDY_RIGHT_WRITE, change="", imported=None):
    """Store `document` as the next version of `study_right` with its patch, achievement rows and audit event.

    Every write of a study right passes here, whichever service makes it. The audit event records
    `action`, the new version, the version source and, when given, `change`, a code naming the kind
    of change. `imported`, for a version imported from the national service, is an ImportedVersion:
    its number, its aikaleima text and its own patch are kept as the source wrote them.
    """
    previous = study_right.document if study_right.version else None
    study_right.version = imported.number if imported is not None else study_right.version + 1
    study_right.imported_timestamp = imported.timestamp_text if imported is not None else ""
    _copy_columns(study_right, document, institution, provider, timestamp)
    study_right.save()
    record_version(
        study_right, previous, document, version=study_right.version, timestamp=timestamp, user=user, source=source,
        imported_timestamp=study_right.imported_timestamp, patch=imported.patch if imported is not None else None,
    )
    rebuild_achievements(study_right, replace=previous is not None)

    details = {"version": study_right.version, "source": str(source)}
    if change:
        details["change"] = change
    subject = audit.study_right_subject(study_right)
    audit.record(
        action, learner_oid=subject.learner_oid, study_right_oid=subject.study_right_oid,
        organisation_oid=subject.organisation_oid, details=details,
    )


def _copy_columns(study_right, document, institution, provider, timestamp):
    data = read_study_right(document, 0, "")
    study_right.type = data.type
    study_right.institution = institution
    study_right.provider = provider
    study_right.source_system = data.source_system
    study_right.source_id = data.source_id
    study_right.start_date = data.start_date
    study_right.end_date = data.end_date
    study_right.state = data.state
    study_right.invalidated = lifecycle.is_invalidation(document)
    study_right.parent_study_right_oid = data.parent_study_right_oid
    study_right.parent_institution = (
        Organisation.objects.filter(oid=data.parent_institution_oid).first() if data.parent_institution_oid else None
    )
    study_right.document = document
    study_right.updated_at = timestamp


def _unused_oid(model, node):
    while True:
        oid = generate_oid(node)
        if not model.objects.filter(oid=oid).exists():
            return oid
