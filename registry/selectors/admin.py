"""Reads of the admin for registry staff and provider officials.

The record selectors apply the user's organisation scope. A registry administrator gets every
row, and a provider official the rows of the organisations where it has a right that includes
reading study rights, and of every organisation below them. Unlike the API's selectors they include invalidated study
rights, because officials fix and invalidate records in the admin and must see what they did.
The reference-data and detail reads take rows that the caller has already read through a scoped
selector.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from .. import permissions
from ..models import Achievement, Code, Learner, Organisation, StudyRight, StudyRightVersion
from .study_rights import learner_ids_with_merged


def _scoped_study_rights(user):
    return StudyRight.objects.filter(permissions.study_right_scope(user))


def admin_study_rights(user):
    """Return the study rights `user` may read, invalidated ones included, without loading their documents.

    The document is deferred because lists never show it, so a detail page loads it with one more query.
    """
    return _scoped_study_rights(user).select_related("learner", "institution", "provider").defer("document")


def admin_study_rights_of_learner(user, learner):
    """Return the study rights of `learner` and of the learners merged into it that `user` may read, oldest first."""
    return (
        admin_study_rights(user)
        .filter(learner_id__in=learner_ids_with_merged(learner))
        .order_by("start_date", "created_at", "pk")
    )


def admin_learners(user):
    """Return the learners with at least one study right `user` may read.

    A master learner is included when a learner merged into it has such a study right. Registry
    administrators get every learner, including those without study rights.
    """
    if permissions.is_registry_administrator(user):
        return Learner.objects.all()
    readable = _scoped_study_rights(user)
    own = readable.filter(learner_id=OuterRef("pk"))
    of_merged = readable.filter(learner__master_id=OuterRef("pk"))
    return Learner.objects.filter(Q(Exists(own)) | Q(Exists(of_merged)))


def institutions_with_study_rights(user):
    """Return the organisations that are the institution of at least one study right `user` may read, by name."""
    # The ids are read first, because as a subquery PostgreSQL probes the study rights once per organisation.
    institution_ids = set(_scoped_study_rights(user).order_by().values_list("institution_id", flat=True).distinct())
    return Organisation.objects.filter(pk__in=institution_ids).order_by("name__fi", "oid")


@dataclass
class AchievementNode:
    """A top-level achievement and its parts at every depth, in document order."""

    achievement: Achievement
    parts: list = field(default_factory=list)


def achievement_tree(study_right):
    """Return the top-level achievements of `study_right` in document order, each with all of its parts.

    A part of a part (a course of a subject, an area of a unit) follows its parent in `parts`,
    and its `depth` gives its level in the document.
    """
    children = {}
    top_level = []
    for achievement in Achievement.objects.filter(study_right=study_right).order_by("sequence"):
        if achievement.parent_id is None:
            top_level.append(achievement)
        else:
            children.setdefault(achievement.parent_id, []).append(achievement)

    nodes = []
    for achievement in top_level:
        node = AchievementNode(achievement=achievement)
        pending = list(reversed(children.get(achievement.pk, [])))
        while pending:
            part = pending.pop()
            node.parts.append(part)
            pending.extend(reversed(children.get(part.pk, [])))
        nodes.append(node)
    return nodes


def latest_versions(study_right, limit):
    """Return (the newest `limit` versions of `study_right`, newest first, the number of versions).

    Only the columns a history table shows are read, never the patches or snapshots.
    """
    versions = StudyRightVersion.objects.filter(study_right=study_right)
    rows = list(versions.order_by("-version").values("version", "created_at", "author_name", "source")[:limit])
    total = len(rows) if len(rows) < limit else versions.count()
    return rows, total


def codes_by_value(values_by_code_set):
    """Return {(code set URI, value): Code} for the given values of each code set, in one query."""
    condition = Q(pk__in=[])
    for code_set_uri, values in values_by_code_set.items():
        values = {value for value in values if value}
        if values:
            condition |= Q(code_set_uri=code_set_uri, value__in=values)
    return {(code.code_set_uri, code.value): code for code in Code.objects.filter(condition)}


def organisations_by_oid(oids):
    oids = {oid for oid in oids if oid}
    if not oids:
        return {}
    return {organisation.oid: organisation for organisation in Organisation.objects.filter(oid__in=oids)}
