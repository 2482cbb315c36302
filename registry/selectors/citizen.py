"""What a citizen sees of their own record."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import get_language

from ..models import Achievement, StudyRight
from ..models.fields import localised
from ..transfer_format.presentation import study_right_view
from .study_rights import learner_ids_with_merged


@dataclass
class OwnStudyRight:
    study_right: StudyRight
    view: object
    achievements: list = field(default_factory=list)


@dataclass
class InstitutionGroup:
    name: str
    study_rights: list = field(default_factory=list)


def own_record(learner):
    """Return the learner's valid study rights grouped by institution, newest first within and across groups.

    Each study right carries its top-level achievements, and each achievement its parts, as
    `Achievement` rows with a `children` list. Invalidated study rights are never included.
    """
    study_rights = list(
        StudyRight.objects.filter(learner_id__in=learner_ids_with_merged(learner), invalidated=False)
        .select_related("institution", "provider")
        .order_by("-start_date", "-created_at")
    )
    achievements = defaultdict(list)
    by_id = {}
    for achievement in Achievement.objects.filter(study_right__in=study_rights).order_by("study_right", "sequence"):
        achievement.children = []
        by_id[achievement.pk] = achievement
        achievements[achievement.study_right_id].append(achievement)
    for achievement in by_id.values():
        if achievement.parent_id in by_id:
            by_id[achievement.parent_id].children.append(achievement)

    language = get_language()
    groups = {}
    for study_right in study_rights:
        view = study_right_view(study_right.document)
        name = localised(view.institution_name, language) or (
            study_right.institution.display_name if study_right.institution else ""
        )
        group = groups.setdefault(name, InstitutionGroup(name=name))
        top_level = [achievement for achievement in achievements[study_right.pk] if achievement.depth == 0]
        group.study_rights.append(OwnStudyRight(study_right=study_right, view=view, achievements=top_level))
    return list(groups.values())
