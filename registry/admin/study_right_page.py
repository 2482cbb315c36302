"""What the admin's study right page shows: the document for a person, its achievements and its versions.

The achievements come from the Achievement rows, and the document's other parts from
`transfer_format.presentation`. The rows store codes and organisations only as values, so their
names are looked up in a fixed number of queries.
"""

import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import get_language

from ..models import VersionSource
from ..models.fields import localised
from ..selectors.admin import achievement_tree, codes_by_value, latest_versions, organisations_by_oid
from ..transfer_format.presentation import (
    ACHIEVEMENT_TYPE_CODE_SET,
    SCOPE_UNIT_CODE_SET,
    study_right_facts,
    study_right_view,
)
from ..selectors.study_rights import document_for_reader, withheld_achievement_positions
from ..transfer_format.writer import study_right_document
from .display import format_scope

# The history table shows this many of the newest versions. The history API returns every version.
VERSIONS_SHOWN = 100


@dataclass
class AchievementLine:
    """One achievement as a row of the page, with names in the active language."""

    name: str
    module_code: str
    type_name: str
    # Levels below the top-level achievement's direct parts: 1 for a course of a subject.
    indent: int
    scope: str
    grade: str
    accepted: bool | None
    assessment_date: object
    verification_date: object
    verified_by: str
    diary_number: str


@dataclass
class AchievementSection:
    achievement: AchievementLine
    parts: list = field(default_factory=list)


@dataclass
class VersionLine:
    version: int
    created_at: object
    author: str
    source: str


@dataclass
class StudyRightPage:
    view: object
    facts: object
    achievements: list
    versions: list
    version_count: int
    document_json: str

    @property
    def older_versions_hidden(self):
        return self.version_count > len(self.versions)


def study_right_page(study_right, user):
    """Return what the page of `study_right` shows to `user`, who the caller has checked may read it.

    For a user without the sensitive-data right the page leaves out the document's sensitive
    fields and the achievements that are sensitive as a whole.
    """
    language = get_language()
    document = document_for_reader(user, study_right)
    tree = without_withheld(achievement_tree(study_right), withheld_achievement_positions(user, study_right))
    rows = [row for node in tree for row in (node.achievement, *node.parts)]
    codes = codes_by_value({
        ACHIEVEMENT_TYPE_CODE_SET: {row.type for row in rows},
        SCOPE_UNIT_CODE_SET: {row.scope_unit for row in rows},
    })
    organisations = organisations_by_oid(row.verification_organisation_oid for row in rows)

    sections = [
        AchievementSection(
            achievement=achievement_line(node.achievement, codes, organisations, language),
            parts=[achievement_line(part, codes, organisations, language) for part in node.parts],
        )
        for node in tree
    ]
    versions, version_count = latest_versions(study_right, VERSIONS_SHOWN)
    return StudyRightPage(
        view=study_right_view(document),
        facts=study_right_facts(document),
        achievements=sections,
        versions=[version_line(row) for row in versions],
        version_count=version_count,
        document_json=json.dumps(
            study_right_document(study_right, document), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder,
        ),
    )


def without_withheld(tree, positions):
    """Return the achievement tree without the achievements at `positions` (JSON pointers) and their parts."""
    if not positions:
        return tree

    def withheld(row):
        return any(row.position == position or row.position.startswith(position + "/") for position in positions)

    nodes = []
    for node in tree:
        if not withheld(node.achievement):
            node.parts = [part for part in node.parts if not withheld(part)]
            nodes.append(node)
    return nodes


def achievement_line(row, codes, organisations, language):
    achievement_type = codes.get((ACHIEVEMENT_TYPE_CODE_SET, row.type))
    unit = codes.get((SCOPE_UNIT_CODE_SET, row.scope_unit))
    unit_name = (localised(unit.short_name, language) or localised(unit.name, language)) if unit else row.scope_unit
    verifier = organisations.get(row.verification_organisation_oid)
    return AchievementLine(
        name=localised(row.name, language) or row.module_code or row.type,
        module_code=row.module_code,
        type_name=localised(achievement_type.name, language) if achievement_type else row.type,
        indent=max(row.depth - 1, 0),
        scope=format_scope(row.scope, unit_name),
        grade=row.grade,
        accepted=row.accepted,
        assessment_date=row.assessment_date,
        verification_date=row.verification_date,
        verified_by=verifier.display_name if verifier else row.verification_organisation_oid,
        diary_number=row.diary_number,
    )


def version_line(row):
    try:
        source = VersionSource(row["source"]).label
    except ValueError:
        source = row["source"]
    return VersionLine(version=row["version"], created_at=row["created_at"], author=row["author_name"], source=source)
