"""Roles in the admin: registry administrators grant and revoke them and see who holds what.

A role is granted through `registry.permissions`, which keeps the django-guardian object
permission and the RoleGrant row in step, so the admin never writes either directly.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import RoleGrant
from ..selectors.codes import active_code_choices
from .access import RestrictedLookupsMixin, is_staff

STUDY_RIGHT_TYPE_CODE_SET = "opiskeluoikeudentyyppi"
SOURCE_SYSTEM_CODE_SET = "lahdejarjestelma"


class RoleGrantForm(forms.ModelForm):
    study_right_types = forms.MultipleChoiceField(
        label=_("study-right types"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unchecked for every type."),
    )
    source_system = forms.ChoiceField(
        label=_("source system"), required=False,
        help_text=_("For a service user: the source system it writes from. Empty allows any."),
    )

    class Meta:
        model = RoleGrant
        fields = ["user", "group", "organisation", "role", "study_right_types", "source_system"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["study_right_types"].choices = active_code_choices(STUDY_RIGHT_TYPE_CODE_SET)
        self.fields["source_system"].choices = [("", "–"), *active_code_choices(SOURCE_SYSTEM_CODE_SET)]

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("user")) == bool(cleaned.get("group")):
            raise forms.ValidationError(_("Choose either a user or a group to hold the role."))
        if cleaned.get("source_system") and cleaned.get("role") != "service":
            self.add_error("source_system", _("Only a service user's role names a source system."))
        return cleaned


@admin.register(RoleGrant)
class RoleGrantAdmin(RestrictedLookupsMixin, admin.ModelAdmin):
    """Who holds which role where. Only registry administrators see and change roles."""

    form = RoleGrantForm
    list_display = ["holder_name", "role", "organisation", "types_display", "source_system", "granted_by", "granted_at"]
    list_filter = ["role", "organisation__kind"]
    list_select_related = ["user", "group", "organisation", "granted_by"]
    search_fields = ["user__username", "group__name", "=organisation__oid"]
    search_help_text = _("Search by user name, group name or organisation OID.")
    autocomplete_fields = ["user", "group", "organisation"]

    def has_module_permission(self, request):
        return is_staff(request.user) and permissions.is_registry_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def get_readonly_fields(self, request, obj=None):
        # A grant's holder, organisation and role are what it is; change them by revoking and granting anew.
        return ["user", "group", "organisation", "role"] if obj is not None else []

    @admin.display(description=_("holder"))
    def holder_name(self, grant):
        return str(grant.holder)

    @admin.display(description=_("study-right types"))
    def types_display(self, grant):
        return ", ".join(grant.study_right_types) or _("all")

    def save_model(self, request, obj, form, change):
        grant = permissions.grant_role(
            obj.user or obj.group, obj.role, obj.organisation,
            study_right_types=form.cleaned_data.get("study_right_types") or (),
            source_system=form.cleaned_data.get("source_system") or "",
            granted_by=request.user,
        )
        obj.pk = grant.pk

    def delete_model(self, request, obj):
        permissions.revoke_role(obj)

    def delete_queryset(self, request, queryset):
        for grant in queryset:
            permissions.revoke_role(grant)


def role_holders(organisation):
    """Return the roles held on `organisation` as HTML lines: holder, role, limits, with links to the grants."""
    grants = RoleGrant.objects.filter(organisation=organisation).select_related("user", "group").order_by("role")
    lines = []
    for grant in grants:
        url = reverse("admin:registry_rolegrant_change", args=[grant.pk])
        limits = ", ".join(filter(None, [", ".join(grant.study_right_types), grant.source_system]))
        lines.append((url, grant.holder, grant.get_role_display(), f" ({limits})" if limits else ""))
    return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>: {}{}', lines) or "–"
