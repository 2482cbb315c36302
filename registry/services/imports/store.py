"""Store one person's imported study rights, in one transaction, through the ingest pipeline's store functions.

The learner is found by personal identity code, else by learner OID, and created when neither
finds one. Each study right is matched with the stored study right of the same source key:
an unchanged document writes nothing, a changed one writes a new version, a new one creates a
study right. Versions, achievement rows and audit events come from `ingest.store.write_version`,
so imported study rights have the same history as those sent through the API.
"""

import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from ... import identity_codes
from ...models import AuditAction, Learner, StudyRight, VersionSource
from ...selectors.study_rights import learner_ids_with_merged
from ...transfer_format.reader import PersonData
from .. import audit
from ..ingest.store import add_identity_code, create_learner, create_study_right, write_version
from .problems import ImportProblem

logger = logging.getLogger(__name__)


@dataclass
class ImportedPerson:
    """The person a source register names: identity code (normalised and valid) and learner OIDs, names if given."""

    location: object
    identity_code: str = ""
    oids: list = field(default_factory=list)
    first_names: str = ""
    calling_name: str = ""
    last_name: str = ""
    mother_tongue: str = ""
    nationalities: list = field(default_factory=list)

    @property
    def has_names(self):
        return bool(self.first_names and self.last_name)


@dataclass
class ImportedStudyRight:
    """A study right document built from the source, the key that identifies it there, and its organisation rows."""

    key: str
    document: dict
    institution: object = None
    provider: object = None


@dataclass
class PersonOutcome:
    learner: Learner
    learner_created: bool = False
    learner_updated: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_invalidated: int = 0


def store_person(person, study_rights, *, study_right_type, source_system, key_of):
    """Write the person's study rights of `study_right_type` from `source_system`; return a PersonOutcome.

    `key_of(document)` returns the key of a stored document, to match it with `study_rights`.
    Raises ImportProblem, with nothing stored, when the person conflicts with a stored learner.
    """
    # A concurrent run can create the same learner between the lookup and the insert; the unique
    # identity-code hash then rejects this insert, and the retry finds that learner.
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _store(person, study_rights, study_right_type, source_system, key_of)
        except IntegrityError:
            if attempt == 2:
                raise
            logger.warning("import_retry reason=integrity_error source_system=%s", source_system)


def _store(person, study_rights, study_right_type, source_system, key_of):
    learner, outcome = find_or_create_learner(person)

    stored = {}
    rows = (
        StudyRight.objects.select_for_update()
        .filter(learner_id__in=learner_ids_with_merged(learner), type=study_right_type, source_system=source_system)
        .order_by("created_at", "pk")
    )
    for row in rows:
        stored.setdefault(key_of(row.document), row)

    timestamp = timezone.now()
    for item in study_rights:
        existing = stored.get(item.key)
        if existing is None:
            created = create_study_right(learner, item, timestamp=timestamp, user=None, source=VersionSource.IMPORT)
            outcome.created += 1
            study_right = created.study_right
        elif existing.invalidated:
            # A registry administrator invalidated it in the admin: the correction stands.
            outcome.kept_invalidated += 1
            continue
        elif existing.document == item.document:
            outcome.unchanged += 1
            continue
        else:
            write_version(existing, item.document, item.institution, item.provider,
                          timestamp=timestamp, user=None, source=VersionSource.IMPORT)
            outcome.updated += 1
            study_right = existing
        logger.info(
            "study_right_imported study_right_oid=%s version=%s source_system=%s",
            study_right.oid, study_right.version, source_system,
        )
    return outcome


def find_or_create_learner(person):
    """Return (learner, PersonOutcome): the learner of the identity code, else of an OID, else a new one.

    The learner's row is locked for the transaction. Names, mother tongue and nationalities fill
    only fields that are empty, because other sources may have set them.
    """
    if person.identity_code:
        learner = _locked_learner(identity_code_hash__in=identity_codes.lookup_hashes(person.identity_code))
        if learner is not None:
            return learner, PersonOutcome(learner=learner, learner_updated=_fill_details(learner, person))

    for oid in person.oids:
        learner = _locked_learner(oid=oid)
        if learner is None:
            continue
        if person.identity_code and learner.identity_code_hash:
            raise ImportProblem(person.location, gettext(
                "learner %(oid)s has another personal identity code than this record; check the learner in the admin"
            ) % {"oid": learner.oid})
        if person.identity_code:
            add_identity_code(learner, person.identity_code, allow_synthetic=True)
        filled = _fill_details(learner, person)
        return learner, PersonOutcome(learner=learner, learner_updated=bool(person.identity_code) or filled)

    distinct_oids = list(dict.fromkeys(person.oids))
    learner = create_learner(PersonData(
        path="",
        oid=distinct_oids[0] if len(distinct_oids) == 1 else None,
        identity_code=person.identity_code or None,
        first_names=person.first_names,
        calling_name=person.calling_name,
        last_name=person.last_name,
    ), allow_synthetic=True)
    _fill_details(learner, person, audited=False)
    return learner, PersonOutcome(learner=learner, learner_created=True)


def _locked_learner(**lookup):
    learner = Learner.objects.select_for_update().filter(**lookup).first()
    if learner is not None and learner.master_id is not None:
        learner = Learner.objects.select_for_update().get(pk=learner.master_id)
    return learner


def _fill_details(learner, person, *, audited=True):
    """Set the learner's empty names, mother tongue and nationalities from `person`; return whether any changed."""
    changed = []
    if not learner.last_name and person.has_names:
        learner.first_names, learner.calling_name, learner.last_name = person.first_names, person.calling_name, person.last_name
        changed += ["first_names", "calling_name", "last_name"]
    if not learner.mother_tongue and person.mother_tongue:
        learner.mother_tongue = person.mother_tongue
        changed.append("mother_tongue")
    if not learner.nationalities and person.nationalities:
        learner.nationalities = list(person.nationalities)
        changed.append("nationalities")
    if not changed:
        return False
    learner.save(update_fields=[*changed, "updated_at"])
    if audited:
        audit.record(AuditAction.LEARNER_WRITE, learner_oid=learner.oid, details={"change": "details_added"})
    return True
