"""The pairs of institutions between which registry staff allow study rights to move.

The ingest's change rules read these rows (`rules.changes.reject_institution_change`); each
row is data that registry staff keep, with the decision behind it in the note.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import InstitutionTransition, Organisation, OrganisationKind
from .access import RestrictedLookupsMixin, is_staff


class InstitutionTransitionForm(forms.ModelForm):
    class Meta:
        model = InstitutionTransition
        fields = ["from_institution", "to_institution", "kind", "valid_from", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        institutions = Organisation.objects.filter(kind=OrganisationKind.INSTITUTION)
        self.fields["from_institution"].queryset = institutions
        self.fields["to_institution"].queryset = institutions

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("from_institution"), cleaned.get("to_institution")
        if old is not None and new is not None and old.parent_id != new.parent_id:
            raise forms.ValidationError(
                _("Both institutions must belong to the same education provider."), code="different_provider",
            )
        return cleaned


@admin.register(InstitutionTransition)
class InstitutionTransitionAdmin(RestrictedLookupsMixin, admin.ModelAdmin):
    """Allowed moves of study rights between institutions of one education provider; registry administrators only."""

    form = InstitutionTransitionForm
    list_display = ["from_institution", "to_institution", "kind", "valid_from", "created_at"]
    list_select_related = ["from_institution", "to_institution"]
    list_filter = ["kind"]
    search_fields = ["=from_institution__oid", "=to_institution__oid"]
    search_help_text = _("Search by the OID of either institution.")
    raw_id_fields = ["from_institution", "to_institution"]
    readonly_fields = ["created_by", "created_at"]

    def _administrator(self, request):
        return is_staff(request.user) and permissions.is_registry_administrator(request.user)

    def has_module_permission(self, request):
        return self._administrator(request)

    def has_view_permission(self, request, obj=None):
        return self._administrator(request)

    def has_add_permission(self, request):
        return self._administrator(request)

    def has_change_permission(self, request, obj=None):
        return self._administrator(request)

    def has_delete_permission(self, request, obj=None):
        return self._administrator(request)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
