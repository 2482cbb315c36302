"""Store one learner of the national service with its study rights and their versions, in one transaction.

The learner and each study right keep their OIDs, each version its number, its aikaleima text and
its patch, so the register rebuilds and returns every version as the national service had it.
The provider-facing validation rules never run here: the records were valid under the rules of
their time. Versions go through `ingest.store.write_version`, which checks every version against
the chain and records its audit event with the version source "import".
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .... import identity_codes
from ....models import Learner, Organisation, OrganisationKind, StudyRight, VersionSource
from ....oids import is_learner_oid, is_study_right_oid
from ....transfer_format.national_history import organisation_oids
from ....transfer_format.reader import PersonData
from ....transfer_format.structure import SUPPORTED_TYPES
from ...history import HistoryMismatch, rebuild_document
from ...ingest.resolve import PROVIDER_KINDS, nearest
from ...ingest.store import add_identity_code, create_learner, identity_code_in_use, write_version
from ..problems import ImportProblem
from .chain import rebuild_chain

logger = logging.getLogger(__name__)

CREATED = "created"
EXTENDED = "extended"
UNCHANGED = "unchanged"
SKIPPED = "skipped"


@dataclass
class StudyRightOutcome:
    """The outcome of importing one study right: its OID, what was done, the versions written, and why."""

    oid: str
    outcome: str
    first_version: int | None = None
    last_version: int | None = None
    message: str = ""


@dataclass
class LearnerOutcome:
    learner_oid: str
    learner_created: bool = False
    learner_updated: bool = False
    study_rights: list = field(default_factory=list)


def store_national_learner(person, study_rights, source, location):
    """Write one learner and its NationalStudyRights; return a LearnerOutcome.

    `source` gives each study right's history. A study right that cannot be imported is
    reported as skipped and the others are stored. Raises ImportProblem, with nothing stored,
    when the learner itself conflicts with the register.
    """
    with transaction.atomic():
        learner, outcome = find_or_create_learner(person, location)
        for study_right in study_rights:
            outcome.study_rights.append(_store_study_right(learner, study_right, source, location))
    return outcome


def find_or_create_learner(person, location):
    """Return (learner, LearnerOutcome) of the person's OID, creating the learner with that OID when new.

    The learner is the one of this very OID, even when it has been merged into a master: the
    national service keeps study rights under the OID they were stored for. Raises ImportProblem
    when the OID is malformed or the identity code belongs to another learner.
    """
    if not is_learner_oid(person.oid):
        raise ImportProblem(location, gettext("%(oid)s is not a learner OID") % {"oid": person.oid})
    code = ""
    if person.identity_code:
        try:
            code = identity_codes.validate(person.identity_code, allow_synthetic=True)
        except identity_codes.InvalidIdentityCode as error:
            raise ImportProblem(location, gettext("the personal identity code is invalid: %(error)s") % {"error": error}) from None

    learner = Learner.objects.select_for_update().filter(oid=person.oid).first()
    owner = _owner_of(code) if code else None
    if owner is not None and (learner is None or owner.pk != learner.pk):
        raise ImportProblem(location, gettext(
            "the personal identity code belongs to learner %(other)s, not to %(oid)s; check the learners in the admin"
        ) % {"other": owner.oid, "oid": person.oid})

    if learner is None:
        learner = create_learner(PersonData(
            path="", oid=person.oid, identity_code=code or None, first_names=person.first_names,
            calling_name=person.calling_name, last_name=person.last_name,
        ), allow_synthetic=True)
        _fill_details(learner, person)
        return learner, LearnerOutcome(learner_oid=learner.oid, learner_created=True)

    if code and learner.identity_code_hash and owner is None:
        raise ImportProblem(location, gettext(
            "learner %(oid)s has another personal identity code in the register; check the learner in the admin"
        ) % {"oid": learner.oid})
    updated = False
    if code and not learner.identity_code_hash and not identity_code_in_use(code):
        add_identity_code(learner, code, allow_synthetic=True)
        updated = True
    updated = _fill_details(learner, person) or updated
    return learner, LearnerOutcome(learner_oid=learner.oid, learner_updated=updated)


def _owner_of(code):
    return Learner.objects.filter(identity_code_hash__in=identity_codes.lookup_hashes(code)).first()


def _fill_details(learner, person):
    """Fill the learner's empty names, date of birth, mother tongue and nationalities; return whether any changed."""
    changed = []
    if not learner.last_name and person.last_name:
        learner.first_names, learner.calling_name, learner.last_name = person.first_names, person.calling_name, person.last_name
        changed += ["first_names", "calling_name", "last_name"]
    for name, value in [
        ("birth_date", person.birth_date), ("mother_tongue", person.mother_tongue), ("nationalities", person.nationalities),
    ]:
        if value and not getattr(learner, name):
            setattr(learner, name, value)
            changed.append(name)
    if person.non_disclosure and not learner.non_disclosure:
        learner.non_disclosure = True
        changed.append("non_disclosure")
    if changed:
        learner.save(update_fields=[*changed, "updated_at"])
    return bool(changed)


def _store_study_right(learner, study_right, source, location):
    """Write one study right's versions in a savepoint; return its StudyRightOutcome."""
    here = location.child(study_right.path)
    try:
        with transaction.atomic():
            return _write_study_right(learner, study_right, source, here)
    except ImportProblem as problem:
        logger.warning("national_import_study_right_skipped study_right_oid=%s", study_right.oid)
        return StudyRightOutcome(study_right.oid, SKIPPED, message=f"{problem.location}: {problem.message}")
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        # A shape that `chain.check_shape` lets through but the achievement rows cannot read; the
        # savepoint has rolled back whatever this study right wrote.
        logger.warning(
            "national_import_study_right_skipped study_right_oid=%s error=%s", study_right.oid, type(error).__name__,
        )
        return StudyRightOutcome(study_right.oid, SKIPPED, message=f"{here}: " + gettext(
            "the document cannot be read (%(error)s); check its structure in the export"
        ) % {"error": type(error).__name__})


def _write_study_right(learner, study_right, source, location):
    if not is_study_right_oid(study_right.oid):
        raise ImportProblem(location, gettext("%(oid)s is not a study right OID") % {"oid": study_right.oid})
    if study_right.type not in SUPPORTED_TYPES:
        raise ImportProblem(location, gettext(
            "the register does not hold study rights of type %(type)s yet"
        ) % {"type": study_right.type or "–"})
    history_location, lines = source.history(study_right.oid)
    versions = rebuild_chain(study_right, lines, history_location or location)
    institution, provider = _organisations(versions[-1].document, location)

    stored = StudyRight.objects.select_for_update().filter(oid=study_right.oid).first()
    if stored is None:
        stored = StudyRight(oid=study_right.oid, learner=learner, version=0)
        _write_versions(stored, versions, institution, provider)
        return StudyRightOutcome(study_right.oid, CREATED, versions[0].number, versions[-1].number)

    if stored.learner_id != learner.pk:
        raise ImportProblem(location, gettext(
            "the register holds study right %(oid)s under another learner, %(other)s"
        ) % {"oid": study_right.oid, "other": stored.learner.oid})
    new = _versions_after_stored(stored, versions, location)
    if not new:
        return StudyRightOutcome(study_right.oid, UNCHANGED)
    _write_versions(stored, new, institution, provider)
    return StudyRightOutcome(study_right.oid, EXTENDED, new[0].number, new[-1].number)


def _write_versions(study_right, versions, institution, provider):
    for version in versions:
        write_version(
            study_right, version.document, institution, provider,
            timestamp=timezone.make_aware(version.moment), user=None, source=VersionSource.IMPORT,
            imported=version.imported,
        )
    logger.info(
        "study_right_imported study_right_oid=%s versions=%s-%s", study_right.oid, versions[0].number, versions[-1].number,
    )


def _versions_after_stored(stored, versions, location):
    """Return the imported versions that come after the stored study right's latest, after checking the shared ones.

    The versions both hold must be the same, else the register's copy and the export disagree
    and the study right is skipped. When the register has versions the export lacks, the
    register wrote them after an earlier import, and nothing is added.
    """
    by_number = {version.number: version for version in versions}
    shared = [number for number in by_number if number <= stored.version]
    if shared:
        latest_shared = max(shared)
        try:
            held = rebuild_document(stored, latest_shared)
        except HistoryMismatch:
            # The register stored the study right only from a later version on, so it has no earlier version to compare.
            held = None
        if held is not None and held != by_number[latest_shared].document:
            raise ImportProblem(location, gettext(
                "version %(number)s differs from the register's version %(number)s of this study right; nothing was changed"
            ) % {"number": latest_shared})
    new = [version for version in versions if version.number > stored.version]
    if new and new[0].number != stored.version + 1:
        raise ImportProblem(location, gettext(
            "the register holds the study right up to version %(stored)s, and the export starts at %(first)s; export the versions between"
        ) % {"stored": stored.version, "first": new[0].number})
    return new


def _organisations(document, location):
    """Return (institution, education provider) rows of a document, inferring what it leaves out from the hierarchy."""
    institution_oid, provider_oid, unit_oids = organisation_oids(document)
    oids = [oid for oid in (institution_oid, provider_oid, *unit_oids) if oid]
    rows = {row.oid: row for row in Organisation.objects.filter(oid__in=oids)}
    missing = [oid for oid in oids if oid not in rows]
    if missing:
        raise ImportProblem(location, gettext(
            "the organisation data has no organisation %(oids)s; load the reference data first"
        ) % {"oids": ", ".join(missing)})
    ancestors = {oid for row in rows.values() for oid in row.ancestor_oids}
    rows.update({row.oid: row for row in Organisation.objects.filter(oid__in=ancestors - rows.keys())})

    institution = rows.get(institution_oid) if institution_oid else None
    if institution is None:
        institution = next(
            filter(None, (nearest(rows[oid], rows, (OrganisationKind.INSTITUTION,)) for oid in unit_oids)), None,
        )
    provider = rows.get(provider_oid) if provider_oid else None
    start = institution or (rows[unit_oids[0]] if unit_oids else None)
    if provider is None and start is not None:
        provider = nearest(start, rows, PROVIDER_KINDS)
    if institution is None and provider is None:
        raise ImportProblem(location, gettext("the study right names no institution, education provider or unit"))
    return institution, provider
