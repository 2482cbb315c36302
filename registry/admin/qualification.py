from dataclasses import dataclass, field

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import QualificationDescription
from ..models.fields import localised
from ..selectors.admin import codes_by_value
from .access import ReferenceDataAdmin
from ..competence_requirements import requirements_view
from .forms import language_field_names, localised_names_form
from .display import format_scope

# Code set of the qualification titles (tutkintonimikkeet) that a description lists by value.
TITLE_CODE_SET = "tutkintonimikkeet"


@dataclass
class UnitRow:
    unit: object
    name: str
    scope: str
    requirements: object


@dataclass
class UnitGroup:
    name: str
    units: list = field(default_factory=list)


@dataclass
class CompletionMethod:
    code: str
    scope_unit: str
    groups: list = field(default_factory=list)


def unit_rows(description, language):
    """Return the description's units by code, each with its scope and competence requirements in `language`."""
    return [
        UnitRow(
            unit=unit,
            name=localised(unit.name, language) or unit.code,
            scope=format_scope(unit.scope, unit.scope_unit),
            requirements=requirements_view(unit.competence_requirements, language),
        )
        for unit in description.units.order_by("code")
    ]


def completion_methods(description, units_by_code, language):
    """Return the completion methods with their unit groups, each group naming its units."""
    methods = []
    for method in description.completion_methods or []:
        groups = []
        for group in method.get("groups") or []:
            path = [localised(names, language) for names in group.get("name") or [] if isinstance(names, dict)]
            units = [units_by_code.get(code) or code for code in group.get("unit_codes") or []]
            groups.append(UnitGroup(name=" › ".join(name for name in path if name), units=units))
        methods.append(CompletionMethod(code=method.get("code") or "", scope_unit=method.get("scope_unit") or "", groups=groups))
    return methods


@admin.register(QualificationDescription)
class QualificationDescriptionAdmin(ReferenceDataAdmin):
    form = localised_names_form(QualificationDescription, "name", required=["name"])
    list_display = ["diary_number", "display_name", "education_type", "valid_from", "valid_to", "unit_count"]
    list_filter = ["education_type"]
    search_fields = ["=diary_number", "name"]
    search_help_text = _("Search by diary number or name.")
    readonly_fields = [
        "eperusteet_id", "diary_number", "education_type", "qualification_codes", "area_list", "title_list",
        "source_modified_at", "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["diary_number", *language_field_names("name"), "education_type", "qualification_codes"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_to", "transition_ends"]}),
        (_("Competence areas and titles"), {"fields": ["area_list", "title_list"]}),
        (_("Source"), {"fields": ["eperusteet_id", "source_modified_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(unit_count=Count("units"))

    @admin.display(description=_("name"), ordering="name__fi")
    def display_name(self, description):
        return description.display_name

    @admin.display(description=_("units"), ordering="unit_count")
    def unit_count(self, description):
        return description.unit_count

    @admin.display(description=_("competence areas"))
    def area_list(self, description):
        language = get_language()
        rows = ((area.get("code", ""), localised(area.get("name") or {}, language)) for area in description.competence_areas)
        return format_html_join(", ", "{} ({})", rows) or "–"

    @admin.display(description=_("qualification titles"))
    def title_list(self, description):
        values = [title.get("code") for title in description.titles]
        codes = codes_by_value({TITLE_CODE_SET: values})
        rows = (
            (code.display_name if (code := codes.get((TITLE_CODE_SET, value))) else value, value)
            for value in dict.fromkeys(values)
        )
        return format_html_join(", ", "{} ({})", rows) or "–"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            language = get_language()
            units = unit_rows(obj, language)
            units_by_code = {row.unit.code: row.name for row in units}
            context.update({
                "units": units,
                "completion_methods": completion_methods(obj, units_by_code, language),
            })
        return super().render_change_form(request, context, add, change, form_url, obj)
