"""Aggregate statistics of an agreement's scope: counts by type, state, qualification, institution and year.

No learner's data leaves in these counts, but a small count can still point to a person (the one
learner of a rare qualification at one institution). Cells are therefore suppressed in two steps,
the usual method of official statistics:

1. primary suppression: every cell with a count from 1 to `threshold - 1` is withheld;
2. complementary suppression: within each line of the table (the cells that share all but one
   dimension value), a line with exactly one withheld cell would reveal it to anyone who knows
   the line's total from another table, so the smallest other cell of that line is withheld
   too. This repeats until no line has exactly one withheld cell.

Withheld cells are returned without a count. No totals are returned.
NOTE: complementary suppression protects one table. Differences between tables of other
groupings or years can still narrow a withheld cell down; the threshold is the main protection.
"""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from registry.models import Achievement

from .disclosure import disclosable_study_rights

STUDY_RIGHTS = "study_rights"
QUALIFICATIONS = "qualifications"
# The dimensions of each subject and the column each groups by.
DIMENSIONS = {
    STUDY_RIGHTS: {
        "type": F("type"),
        "state": F("state"),
        "institution": F("institution__oid"),
        "provider": F("provider__oid"),
        "year": ExtractYear("start_date"),
    },
    QUALIFICATIONS: {
        "type": F("study_right__type"),
        "qualification": F("module_code"),
        "institution": F("study_right__institution__oid"),
        "provider": F("study_right__provider__oid"),
        "year": ExtractYear("verification_date"),
    },
}
MAX_DIMENSIONS = 3
# Top-level achievements that are qualifications or completed syllabuses, counted when verified.
QUALIFICATION_TYPES = (
    "ammatillinentutkinto", "ammatillinentutkintoosittainen", "korkeakoulututkinto", "lukionoppimaara",
    "lukionoppimaara2019", "perusopetuksenoppimaara", "aikuistenperusopetuksenoppimaara", "ylioppilastutkinto",
)


@dataclass(frozen=True)
class Cell:
    values: tuple
    count: int | None

    @property
    def suppressed(self):
        return self.count is None


def aggregate(access, subject, dimensions, *, years=None, threshold):
    """Return the Cells of the counts of `subject` grouped by `dimensions`, with small cells suppressed.

    `years` is an inclusive (first, last) range of the subject's year (the start of a study
    right, the verification of a qualification), or None for all years.
    """
    columns = DIMENSIONS[subject]
    study_rights = disclosable_study_rights(access)
    if subject == STUDY_RIGHTS:
        rows = study_rights
        year_field = "start_date__year"
    else:
        rows = Achievement.objects.filter(
            study_right__in=study_rights, depth=0, verification_date__isnull=False, type__in=QUALIFICATION_TYPES,
        )
        year_field = "verification_date__year"
    if years is not None:
        rows = rows.filter(**{f"{year_field}__gte": years[0], f"{year_field}__lte": years[1]})

    annotations = {f"dimension_{name}": columns[name] for name in dimensions}
    counted = (
        rows.annotate(**annotations).values(*annotations).annotate(count=Count("pk")).order_by(*annotations)
    )
    cells = {tuple(row[key] for key in annotations): row["count"] for row in counted}
    return suppress(cells, threshold)


def suppress(cells, threshold):
    """Return Cells of {values: count}, withholding small counts and their complements as the module describes."""
    withheld = {values for values, count in cells.items() if 0 < count < threshold}
    width = len(next(iter(cells), ()))
    changed = bool(withheld)
    while changed:
        changed = False
        for dimension in range(width):
            def line_of(values):
                return values[:dimension] + values[dimension + 1:]

            ordered = sorted(cells, key=lambda values: (_sortable(line_of(values)), _sortable(values)))
            for _line, members in groupby(ordered, key=line_of):
                members = list(members)
                hidden = [values for values in members if values in withheld]
                if len(hidden) != 1 or len(members) < 2:
                    continue
                others = sorted((values for values in members if values not in withheld), key=lambda values: cells[values])
                withheld.add(others[0])
                changed = True
    return [
        Cell(values, None if values in withheld else count)
        for values, count in sorted(cells.items(), key=lambda item: _sortable(item[0]))
    ]


def _sortable(values):
    return tuple((value is None, str(value)) for value in values)
