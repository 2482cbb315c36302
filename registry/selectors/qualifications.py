"""Reads of the public qualification description pages: a description with its units and competence requirements."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..competence_requirements import RequirementsView, requirements_view
from ..models import Code, QualificationDescription

TITLE_CODE_SET = "tutkintonimikkeet"
# Scope units as ePerusteet writes them (`laajuusYksikko`, lower-cased at load).
SCOPE_UNIT_LABELS = {
    "osaamispiste": _("competence points"),
    "opintopiste": _("credits"),
    "opintoviikko": _("study weeks"),
    "kurssi": _("courses"),
    "vuosiviikkotunti": _("weekly lessons"),
}


@dataclass
class PublicUnit:
    code: str
    names: dict
    scope: object
    scope_unit: str
    mandatory: bool | None
    requirements: RequirementsView = field(default_factory=RequirementsView)

    @property
    def scope_unit_label(self):
        return SCOPE_UNIT_LABELS.get(self.scope_unit, self.scope_unit)


@dataclass
class PublicDescription:
    description: QualificationDescription
    competence_areas: list
    titles: list
    units: list


def public_description(description_id, language):
    """Return the PublicDescription of a qualification description with its units by code, or None.

    Competence requirements are plain text in `language` (`registry.competence_requirements`), so
    no HTML from ePerusteet reaches the page.
    """
    description = QualificationDescription.objects.filter(pk=description_id).first()
    if description is None:
        return None
    title_codes = [title.get("code") for title in description.titles or [] if isinstance(title, dict) and title.get("code")]
    title_names = dict(
        Code.objects.filter(code_set_uri=TITLE_CODE_SET, value__in=title_codes).values_list("value", "name")
    )
    units = [
        PublicUnit(
            code=unit.code,
            names=unit.name or {},
            scope=unit.scope,
            scope_unit=unit.scope_unit,
            mandatory=unit.mandatory,
            requirements=requirements_view(unit.competence_requirements, language),
        )
        for unit in description.units.order_by("code")
    ]
    return PublicDescription(
        description=description,
        competence_areas=[area.get("name") or {"fi": area.get("code")} for area in description.competence_areas or []
                          if isinstance(area, dict)],
        titles=[title_names.get(code) or {"fi": code} for code in dict.fromkeys(title_codes)],
        units=units,
    )
