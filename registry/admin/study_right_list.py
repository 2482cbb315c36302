"""The study right list: code names for its columns and its filters by type, state and institution.

Every filter and column costs a fixed number of queries, whatever the number of rows.
"""

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import Code
from ..models.fields import localised
from ..selectors.admin import institutions_with_study_rights
from ..transfer_format.presentation import STUDY_RIGHT_STATE_CODE_SET, STUDY_RIGHT_TYPE_CODE_SET
from ..transfer_format.structure import SUPPORTED_TYPES


def _code_name(code_set_uri, column):
    return Subquery(Code.objects.filter(code_set_uri=code_set_uri, value=OuterRef(column)).values("name")[:1])


def study_right_list_queryset(queryset):
    """Annotate study rights with `type_names` and `state_names`, the names of their type and state codes."""
    return queryset.annotate(
        type_names=_code_name(STUDY_RIGHT_TYPE_CODE_SET, "type"),
        state_names=_code_name(STUDY_RIGHT_STATE_CODE_SET, "state"),
    )


def type_name(study_right):
    return localised(getattr(study_right, "type_names", None), get_language()) or study_right.type


def state_name(study_right):
    return localised(getattr(study_right, "state_names", None), get_language()) or study_right.state


class CodeListFilter(admin.SimpleListFilter):
    """Filter a code column by the codes of one code set, listed by name."""

    code_set_uri = None

    def code_values(self):
        """Return the values to offer, or None for every code of the code set."""
        return None

    def lookups(self, request, model_admin):
        codes = Code.objects.filter(code_set_uri=self.code_set_uri)
        values = self.code_values()
        if values is not None:
            codes = codes.filter(value__in=values)
        language = get_language()
        choices = [(code.value, localised(code.name, language) or code.value) for code in codes]
        return sorted(choices, key=lambda choice: choice[1].casefold())

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.parameter_name: self.value()})
        return queryset


class TypeFilter(CodeListFilter):
    title = _("type")
    parameter_name = "type"
    code_set_uri = STUDY_RIGHT_TYPE_CODE_SET

    def code_values(self):
        return SUPPORTED_TYPES


class StateFilter(CodeListFilter):
    title = _("state")
    parameter_name = "state"
    code_set_uri = STUDY_RIGHT_STATE_CODE_SET


class InstitutionFilter(admin.SimpleListFilter):
    """Filter by institution, offering only institutions of study rights that the user may read."""

    title = _("institution")
    parameter_name = "institution"

    def lookups(self, request, model_admin):
        return [(str(organisation.pk), organisation.display_name) for organisation in institutions_with_study_rights(request.user)]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(institution_id=int(value))
        return queryset
