"""Changes to learners' identities that registry staff make: new learners, identity codes, names and merges.

Every change records a `learner.write` audit event with a `change` code in the same transaction,
with the actor of the request or job that called the service. None of them deletes anything:
earlier names and replaced identity codes are kept, and a merge only points the duplicate to its
master, so it can be undone.
"""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from .. import errors, identity_codes
from ..errors import RegisterError
from ..models import (
    AuditAction,
    FormerIdentityCode,
    IdentityCodeChange,
    Learner,
    LearnerMerge,
    LearnerNameChange,
    TransferAttempt,
)
from ..transfer_format.reader import PersonData
from . import audit
from .ingest.store import add_identity_code, create_learner
from .transfers import IDENTITY_CODE_KEY_PREFIX

logger = logging.getLogger(__name__)


def _record(learner, change, **details):
    audit.record(AuditAction.LEARNER_WRITE, learner_oid=learner.oid, details={"change": change, **details})


def _locked(learner):
    return Learner.objects.select_for_update().get(pk=learner.pk)


def _owner_of_code(code):
    """Return the OID of the learner who has `code`, now or as a replaced code, or None."""
    hashes = identity_codes.lookup_hashes(code)
    oid = Learner.objects.filter(identity_code_hash__in=hashes).values_list("oid", flat=True).first()
    if oid is None:
        oid = FormerIdentityCode.objects.filter(identity_code_hash__in=hashes).values_list("learner__oid", flat=True).first()
    return oid


def _valid_code(code, path):
    try:
        return identity_codes.validate(code)
    except identity_codes.InvalidIdentityCode as error:
        raise RegisterError(errors.INVALID_IDENTITY_CODE(path=path, reason=str(error))) from None


# New learners


@transaction.atomic
def create_learner_record(*, first_names, last_name, calling_name="", birth_date=None, identity_code="",
                          mother_tongue="", nationalities=()):
    """Create a learner with a new OID, with or without a Finnish personal identity code.

    Foreign students and people who have no identity code yet are created with their names and
    date of birth; the code is added later with `set_identity_code`. Raises RegisterError when
    the names are missing, when neither a code nor a date of birth is given, or when another
    learner has the code.
    """
    problems = []
    if not (first_names.strip() and last_name.strip()):
        problems.append(errors.INCOMPLETE_PERSON(path="etunimet", problem=gettext("give the first names and the last name")))
    if identity_code:
        identity_code = _valid_code(identity_code, "hetu")
        owner = _owner_of_code(identity_code)
        if owner is not None:
            problems.append(errors.CONFLICT_IDENTITY_CODE(path="hetu", value=owner))
    elif birth_date is None:
        problems.append(errors.INCOMPLETE_PERSON(
            path="syntymäaika", problem=gettext("give the date of birth of a learner who has no personal identity code"),
        ))
    if problems:
        raise RegisterError(problems)

    learner = create_learner(PersonData(
        path="", identity_code=identity_code or None, first_names=first_names.strip(),
        calling_name=calling_name.strip(), last_name=last_name.strip(),
    ))
    learner.birth_date = learner.birth_date or birth_date
    learner.mother_tongue = mother_tongue
    learner.nationalities = list(nationalities)
    learner.save(update_fields=["birth_date", "mother_tongue", "nationalities", "updated_at"])
    logger.info("learner_created_by_staff learner_oid=%s identity_code=%s", learner.oid, bool(identity_code))
    return learner


# Identity codes


@transaction.atomic
def set_identity_code(learner, code, *, change=IdentityCodeChange.TEMPORARY_REPLACED, reason="", user=None):
    """Give `learner` the personal identity code `code`: add it, or replace the current one.

    A replaced code is kept encrypted as a FormerIdentityCode, so documents that still send it
    find this learner, and the transfer log's rows keyed by the old code move to the new one. The
    date of birth follows the new code. Raises RegisterError when the code is invalid, is the
    learner's current code, or belongs to another learner.
    """
    learner = _locked(learner)
    code = _valid_code(code, "hetu")
    hashes = identity_codes.lookup_hashes(code)
    if learner.identity_code_hash in hashes:
        raise RegisterError(errors.IDENTITY_CODE_UNCHANGED(path="hetu", value=learner.oid))
    owner = _owner_of_code(code)
    if owner is not None and owner != learner.oid:
        raise RegisterError(errors.CONFLICT_IDENTITY_CODE(path="hetu", value=owner))

    if not learner.identity_code_hash:
        add_identity_code(learner, code)
        logger.info("identity_code_added learner_oid=%s", learner.oid)
        return learner

    old_hashes = identity_codes.lookup_hashes(identity_codes.decrypt(learner.identity_code_ciphertext))
    # A code the learner had before, such as one wrongly corrected, becomes current again.
    FormerIdentityCode.objects.filter(learner=learner, identity_code_hash__in=hashes).delete()
    FormerIdentityCode.objects.create(
        learner=learner,
        identity_code_ciphertext=learner.identity_code_ciphertext,
        identity_code_hash=learner.identity_code_hash,
        change=change,
        replaced_at=timezone.now(),
        replaced_by=user if user is not None and user.is_authenticated else None,
        reason=reason,
    )
    learner.identity_code_ciphertext = identity_codes.encrypt(code)
    learner.identity_code_hash = identity_codes.lookup_hash(code)
    learner.birth_date = identity_codes.birth_date(code)
    learner.save(update_fields=["identity_code_ciphertext", "identity_code_hash", "birth_date", "updated_at"])
    moved = _rekey_transfer_log(old_hashes, code)
    _record(learner, "identity_code_replaced", kind=str(change))
    logger.info("identity_code_replaced learner_oid=%s kind=%s transfer_rows=%s", learner.oid, change, moved)
    return learner


def _rekey_transfer_log(old_hashes, code):
    """Move the transfer log's rows keyed by the old code's hashes to the new code; return how many moved.

    When an organisation already has a row under the new key, the later outcome stays and
    counts the transfers of both, as the key rotation merges rows.
    """
    new_key = IDENTITY_CODE_KEY_PREFIX + identity_codes.lookup_hash(code)
    ciphertext = identity_codes.encrypt(code)
    old_keys = [IDENTITY_CODE_KEY_PREFIX + digest for digest in old_hashes]
    moved = 0
    for row in TransferAttempt.objects.select_for_update().filter(learner_key__in=old_keys).order_by("pk"):
        other = (
            TransferAttempt.objects.select_for_update()
            .filter(organisation_key=row.organisation_key, learner_key=new_key).exclude(pk=row.pk).first()
        )
        if other is not None and other.updated_at >= row.updated_at:
            TransferAttempt.objects.filter(pk=other.pk).update(attempts=F("attempts") + row.attempts)
            row.delete()
        else:
            if other is not None:
                row.attempts += other.attempts
                other.delete()
            row.learner_key = new_key
            row.identity_code_ciphertext = ciphertext
            row.save(update_fields=["learner_key", "identity_code_ciphertext", "attempts"])
        moved += 1
    return moved


# Names


@transaction.atomic
def change_names(learner, *, first_names, last_name, calling_name="", reason="", user=None):
    """Change a learner's names and keep the earlier ones as a LearnerNameChange; return the learner.

    Unchanged names write nothing.
    """
    learner = _locked(learner)
    first_names, last_name, calling_name = first_names.strip(), last_name.strip(), calling_name.strip()
    if not (first_names and last_name):
        raise RegisterError(errors.INCOMPLETE_PERSON(path="etunimet", problem=gettext("give the first names and the last name")))
    if (learner.first_names, learner.last_name, learner.calling_name) == (first_names, last_name, calling_name):
        return learner

    LearnerNameChange.objects.create(
        learner=learner,
        first_names=learner.first_names,
        calling_name=learner.calling_name,
        last_name=learner.last_name,
        changed_at=timezone.now(),
        changed_by=user if user is not None and user.is_authenticated else None,
        reason=reason,
    )
    learner.first_names, learner.last_name, learner.calling_name = first_names, last_name, calling_name
    learner.save(update_fields=["first_names", "last_name", "calling_name", "updated_at"])
    _record(learner, "names_changed")
    logger.info("learner_names_changed learner_oid=%s", learner.oid)
    return learner


# Merges


@transaction.atomic
def merge_learners(duplicate, master, *, reason, user=None):
    """Merge `duplicate` into `master`: the duplicate's OID and study rights resolve to the master from now on.

    Nothing is moved or deleted. Learners already merged into the duplicate follow it to the
    master, and the returned LearnerMerge lists them, so `undo_merge` restores everything. Raises
    RegisterError for a merge into itself, for a duplicate that is already merged, for a master
    that is itself merged, and for a master that is merged into the duplicate.
    """
    first, second = sorted([duplicate.pk, master.pk])
    rows = Learner.objects.select_for_update(of=("self",)).filter(pk__in=[first, second]).select_related("master")
    locked = {row.pk: row for row in rows.order_by("pk")}
    duplicate, master = locked[duplicate.pk], locked[master.pk]

    if duplicate.pk == master.pk:
        raise RegisterError(errors.MERGE_INTO_ITSELF(path="oid", value=duplicate.oid))
    if duplicate.master_id is not None:
        raise RegisterError(errors.MERGE_ALREADY_MERGED(path="oid", value=duplicate.oid, master=duplicate.master.oid))
    if master.master_id == duplicate.pk:
        raise RegisterError(errors.MERGE_MASTER_INTO_DUPLICATE(path="master", value=master.oid, duplicate=duplicate.oid))
    if master.master_id is not None:
        raise RegisterError(errors.MERGE_MASTER_MERGED(path="master", value=master.oid, master=master.master.oid))

    carried = list(Learner.objects.select_for_update().filter(master=duplicate).order_by("pk"))
    for learner in carried:
        learner.master = master
        learner.save(update_fields=["master", "updated_at"])
        _record(learner, "merged", master=master.oid, through=duplicate.oid)
    duplicate.master = master
    duplicate.save(update_fields=["master", "updated_at"])
    merge = LearnerMerge.objects.create(
        duplicate=duplicate, master=master, carried=[learner.oid for learner in carried], reason=reason,
        merged_at=timezone.now(), merged_by=user if user is not None and user.is_authenticated else None,
    )
    _record(duplicate, "merged", master=master.oid, merge=merge.pk)
    _record(master, "merge_received", duplicate=duplicate.oid, merge=merge.pk)
    logger.info(
        "learners_merged duplicate_oid=%s master_oid=%s carried=%s merge_id=%s",
        duplicate.oid, master.oid, len(carried), merge.pk,
    )
    return merge


@transaction.atomic
def undo_merge(merge, *, reason, user=None):
    """Undo a merge: the duplicate is a learner of its own again, with the learners it carried along.

    A carried learner that has been unmerged or merged elsewhere since is left as it is. Raises
    RegisterError when the merge was already undone.
    """
    merge = LearnerMerge.objects.select_for_update().select_related("duplicate", "master").get(pk=merge.pk)
    if merge.undone_at is not None:
        raise RegisterError(errors.MERGE_ALREADY_UNDONE(
            value=merge.duplicate.oid, master=merge.master.oid, undone=timezone.localtime(merge.undone_at).date(),
        ))
    duplicate = _locked(merge.duplicate)

    returned = list(
        Learner.objects.select_for_update().filter(oid__in=merge.carried, master=merge.master).order_by("pk")
    )
    for learner in returned:
        learner.master = duplicate
        learner.save(update_fields=["master", "updated_at"])
        _record(learner, "merge_undone", master=duplicate.oid, merge=merge.pk)
    duplicate.master = None
    duplicate.save(update_fields=["master", "updated_at"])
    merge.undone_at = timezone.now()
    merge.undone_by = user if user is not None and user.is_authenticated else None
    merge.undo_reason = reason
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    _record(duplicate, "merge_undone", master=merge.master.oid, merge=merge.pk)
    _record(merge.master, "merge_undone", duplicate=duplicate.oid, merge=merge.pk)
    logger.info("learner_merge_undone duplicate_oid=%s master_oid=%s merge_id=%s", duplicate.oid, merge.master.oid, merge.pk)
    return merge

