"""Rebuild a study right's achievement rows from its document, within the caller's transaction."""

from ..models import Achievement
from ..transfer_format.achievements import derive_achievements


def rebuild_achievements(study_right, *, replace=True):
    """Replace the achievement rows of `study_right` with those its document describes.

    `replace=False` is for a study right written for the first time, which has no rows to delete.
    """
    if replace:
        Achievement.objects.filter(study_right=study_right).delete()

    rows = derive_achievements(study_right.document)
    saved = {}
    for depth in sorted({row.depth for row in rows}):
        level = [
            Achievement(
                study_right=study_right,
                learner_id=study_right.learner_id,
                parent=saved.get(row.parent_position),
                position=row.position,
                sequence=row.sequence,
                depth=row.depth,
                type=row.type,
                module_code=row.module_code,
                module_code_set=row.module_code_set,
                name=row.name,
                scope=row.scope,
                scope_unit=row.scope_unit,
                grade=row.grade,
                grade_scale=row.grade_scale,
                accepted=row.accepted,
                assessment_date=row.assessment_date,
                verification_date=row.verification_date,
                verification_organisation_oid=row.verification_organisation_oid,
                diary_number=row.diary_number,
            )
            for row in rows
            if row.depth == depth
        ]
        Achievement.objects.bulk_create(level)
        saved.update({achievement.position: achievement for achievement in level})
