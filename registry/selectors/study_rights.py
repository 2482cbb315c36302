from .. import identity_codes, permissions
from ..models import FormerIdentityCode, Learner, StudyRight
from ..transfer_format.paths import json_pointer, parse
from ..transfer_format.sensitive import find_sensitive, strip_sensitive


def readable_study_rights(user):
    """Return the study rights `user` may read: those of its organisations and the ones below them.

    A right limited to some study-right types covers only those types, and a study right that
    another provider's record includes (`sisältyyOpiskeluoikeuteen`) is readable through that
    provider's institution too. Invalidated study rights are left out; registry administrators
    get every valid study right.
    """
    return StudyRight.objects.filter(permissions.study_right_scope(user), invalidated=False).select_related(
        "institution", "provider", "parent_institution",
    )


def learner_by_oid(oid):
    """Return the learner with `oid`, following a merge to the master learner, or None.

    Every lookup of a learner by OID goes through here, so a merged OID resolves to its master
    in the API, the admin, the citizen pages and the disclosure API alike.
    """
    learner = Learner.objects.select_related("master").filter(oid=oid).first()
    if learner is not None and learner.master is not None:
        return learner.master
    return learner


def learner_by_identity_code(code):
    """Return the learner with personal identity code `code`, or None, following a merge to the master.

    A code that a later one replaced still finds its learner, so a source system or an authority
    that sends the old code reaches the same person. `code` must be valid; see `identity_codes.validate`.
    """
    hashes = identity_codes.lookup_hashes(code)
    learner = Learner.objects.select_related("master").filter(identity_code_hash__in=hashes).first()
    if learner is None:
        former = FormerIdentityCode.objects.select_related("learner__master").filter(identity_code_hash__in=hashes).first()
        learner = former.learner if former is not None else None
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


def reader_may_see_sensitive(user, study_right):
    return permissions.has_study_right_permission(user, permissions.SENSITIVE, study_right)


def document_for_reader(user, study_right, document=None):
    """Return a study right's document (or the given version of it) as `user` may see it.

    Readers without the sensitive-data right for the study right get it without the sensitive
    fields of the national format (special support, disability, accommodation and the like).
    """
    document = study_right.document if document is None else document
    if reader_may_see_sensitive(user, study_right):
        return document
    return strip_sensitive(document, study_right.type)


def withheld_achievement_positions(user, study_right):
    """Return the JSON pointers of the achievements of `study_right` that `user` may not see, each with all its parts.

    The national schema marks some achievements sensitive as a whole, such as a basic-education
    subject-area achievement (studied by area because of special support). Readers without the
    sensitive-data right get none of them, as `document_for_reader` leaves them out of the document.
    """
    if reader_may_see_sensitive(user, study_right):
        return frozenset()
    return frozenset(
        json_pointer(*parse(found.path))
        for found in find_sensitive(study_right.document, study_right.type)
        if isinstance(found.container, list) and isinstance(found.value, dict)
    )
