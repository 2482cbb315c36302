"""Reads of a learner's identity history for the admin: merges, earlier names and replaced identity codes.

The caller has already read the learner through a scoped selector; these add no scope of their own.
"""

from django.db.models import Q

from ..models import FormerIdentityCode, LearnerMerge, LearnerNameChange


def merges_of(learner):
    """Return the merges in which `learner` is the duplicate or the master, newest first, undone ones included."""
    return (
        LearnerMerge.objects.filter(Q(duplicate=learner) | Q(master=learner))
        .select_related("duplicate", "master", "merged_by", "undone_by")
    )


def name_history(learner):
    """Return the learner's earlier names, newest first."""
    return LearnerNameChange.objects.filter(learner=learner).select_related("changed_by")


def former_identity_codes(learner):
    """Return the learner's replaced identity codes, newest first; each is still encrypted."""
    return FormerIdentityCode.objects.filter(learner=learner).select_related("replaced_by")
