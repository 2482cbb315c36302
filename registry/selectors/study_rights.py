from .. import permissions
from ..models import Learner, StudyRight


def readable_study_rights(user):
    """Return the study rights `user` may read: those of its organisations and the ones below them.

    Invalidated study rights are left out; registry administrators get every valid study right.
    """
    scope = permissions.organisation_scope(user, permissions.READ, "institution", "provider")
    return StudyRight.objects.filter(scope, invalidated=False).select_related("institution", "provider")


def learner_by_oid(oid):
    """Return the learner with `oid`, following a merge to the master learner, or None."""
    learner = Learner.objects.select_related("master").filter(oid=oid).first()
    if learner is not None and learner.master is not None:
        return learner.master
    return learner


def learner_ids_with_merged(learner):
    """Return the ids of `learner` and of the learners merged into it."""
    return [learner.pk, *learner.merged_learners.values_list("pk", flat=True)]


def readable_study_rights_of_learner(user, learner):
    """Return the valid study rights of `learner` (and of learners merged into it) that `user` may read, oldest first."""
    return (
        readable_study_rights(user)
        .filter(learner_id__in=learner_ids_with_merged(learner))
        .order_by("created_at", "pk")
    )
