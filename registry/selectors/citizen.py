"""Reads of the citizen pages: the learner's own record, and the learners that the demo's test identification lists."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from ..models import Learner, StudyRight
from ..transfer_format.presentation import INVALIDATED_STATE, StudyRightView, study_right_view
from .study_rights import learner_ids_with_merged


@dataclass
class OwnStudyRight:
    study_right: StudyRight
    view: StudyRightView

    @property
    def achievements(self):
        return self.view.achievements

    @property
    def sort_date(self):
        """The date that orders study rights newest first: the start, else the end, else the latest verification.

        A matriculation examination record has no periods, so its verification date places it.
        """
        return (
            self.study_right.start_date
            or self.study_right.end_date
            or self.view.latest_verification_date
            or datetime.date.min
        )


@dataclass
class InstitutionGroup:
    """The study rights of one institution; `names` is empty when neither the register nor the document names it."""

    oid: str
    names: dict
    study_rights: list = field(default_factory=list)


def own_record(learner):
    """Return the learner's study rights grouped by institution, newest first within and across groups.

    Study rights of learners merged into `learner` are included. Invalidated study rights are never
    included: neither those flagged invalidated nor those whose last state is the invalidated state.
    A group's place is that of its newest study right.
    """
    study_rights = (
        StudyRight.objects.filter(learner_id__in=learner_ids_with_merged(learner), invalidated=False)
        .exclude(state=INVALIDATED_STATE)
        .select_related("institution", "provider")
    )
    own = [OwnStudyRight(study_right=study_right, view=study_right_view(study_right.document)) for study_right in study_rights]
    own = [item for item in own if not item.view.is_invalidated]
    own.sort(key=lambda item: (item.sort_date, item.study_right.created_at, item.study_right.pk), reverse=True)

    groups = {}
    for item in own:
        oid, names = _institution_of(item)
        group = groups.setdefault(oid, InstitutionGroup(oid=oid, names=names))
        group.study_rights.append(item)
    return list(groups.values())


def _institution_of(item):
    """Return (OID, names) of the institution: the register's current names first, then the document's."""
    study_right = item.study_right
    if study_right.institution is not None:
        return study_right.institution.oid, study_right.institution.name or item.view.institution_name
    oid = item.view.institution_oid or item.view.provider_oid or (study_right.provider.oid if study_right.provider else "")
    return oid, item.view.institution_name or (study_right.provider.name if study_right.provider else {})


def demo_learners(search=""):
    """Return the learners that the test identification page offers: those with a name and not merged away.

    `search` keeps those whose names contain it or whose OID starts with it, ignoring case.
    """
    learners = Learner.objects.filter(master__isnull=True).exclude(last_name="")
    search = search.strip()
    if search:
        learners = learners.filter(
            Q(first_names__icontains=search) | Q(last_name__icontains=search) | Q(oid__startswith=search)
        )
    return learners.order_by("last_name", "first_names", "oid")
