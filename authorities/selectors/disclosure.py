"""The learners' documents an agreement discloses, and the learners a lookup names.

Every access mode that sends learners' data (lookup, change feed, bulk dataset) builds their
documents with `disclosed_learners`, so one rule decides what leaves the register: valid study
rights of the agreement's education types, with the study rights of learners merged into the
learner, cut down by `authorities.transfer_format.projection`.
"""

from dataclasses import dataclass

from registry import identity_codes
from registry.models import FormerIdentityCode, Learner, StudyRight
from registry.transfer_format.presentation import INVALIDATED_STATE

from ..transfer_format.projection import project_learner, study_right_count


# The study-right columns that the projection reads. It needs no organisation rows, because their names are in the document.
PROJECTED_FIELDS = (
    "oid", "learner_id", "type", "version", "updated_at", "imported_timestamp", "start_date", "end_date", "document",
)


@dataclass(frozen=True)
class DisclosedLearner:
    """A learner (the master of any merged learners) and the document the agreement discloses of them."""

    learner: Learner
    study_right_count: int
    document: dict


def disclosable_study_rights(access):
    """Return the study rights an agreement may disclose: valid, not invalidated, of the agreement's education types."""
    return (
        StudyRight.objects.filter(type__in=access.education_types, invalidated=False)
        .exclude(state=INVALIDATED_STATE)
    )


def disclosed_learners(access, learners):
    """Return a DisclosedLearner for each of `learners` (masters) that has something the agreement discloses, in order.

    A learner whose study rights are all outside the agreement's types, or left out by the
    profile's rules, is not in the result.
    """
    learners = list(learners)
    if not learners:
        return []
    owner_of = {learner.pk: learner.pk for learner in learners}
    owner_of.update(Learner.objects.filter(master_id__in=list(owner_of)).order_by().values_list("pk", "master_id"))
    study_rights = {}
    for study_right in (
        disclosable_study_rights(access).filter(learner_id__in=list(owner_of))
        .only(*PROJECTED_FIELDS).order_by("created_at", "pk")
    ):
        study_rights.setdefault(owner_of[study_right.learner_id], []).append(study_right)

    result = []
    for learner in learners:
        own = study_rights.get(learner.pk)
        if not own:
            continue
        identity_code = ""
        if access.profile.includes_identity_code and learner.identity_code_ciphertext:
            identity_code = identity_codes.decrypt(learner.identity_code_ciphertext)
        document = project_learner(
            access.profile, learner, own, identity_code=identity_code, mask_non_disclosure=access.masks_non_disclosure,
        )
        if document is not None:
            result.append(DisclosedLearner(learner=learner, study_right_count=study_right_count(document), document=document))
    return result


def learners_for_lookup(keys):
    """Return {position: learner} for the LookupKeys that name a learner, each resolved to its master.

    Identity codes are found through their lookup hashes under every configured key, as
    `registry.identity_codes.lookup_hashes` requires, and also as former identity codes. OIDs of
    merged learners resolve to the master. This is what `learner_by_identity_code` and
    `learner_by_oid` of `registry.selectors.study_rights` do for one key, in two queries per kind
    for the whole request.
    """
    found = {}
    by_hash = {}
    for key in keys:
        if key.kind == "identity_code":
            for digest in identity_codes.lookup_hashes(key.value):
                by_hash.setdefault(digest, []).append(key.position)
    if by_hash:
        for learner in Learner.objects.select_related("master").filter(identity_code_hash__in=list(by_hash)):
            for position in by_hash[learner.identity_code_hash]:
                found[position] = learner.master or learner
        # A code that a later one replaced still finds its learner. Only the codes not found yet are looked up.
        unfound = [digest for digest, positions in by_hash.items() if any(position not in found for position in positions)]
        if unfound:
            for former in FormerIdentityCode.objects.select_related("learner__master").filter(identity_code_hash__in=unfound):
                for position in by_hash[former.identity_code_hash]:
                    found.setdefault(position, former.learner.master or former.learner)

    by_oid = {}
    for key in keys:
        if key.kind == "oid":
            by_oid.setdefault(key.value, []).append(key.position)
    if by_oid:
        for learner in Learner.objects.select_related("master").filter(oid__in=list(by_oid)):
            for position in by_oid[learner.oid]:
                found[position] = learner.master or learner
    return found
