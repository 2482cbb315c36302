from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Organisation
from .access import ReferenceDataAdmin
from .forms import language_field_names, localised_names_form
from .rights import role_holders


def organisation_link(organisation):
    """Return a link to the organisation's admin page, or "" for no organisation."""
    if organisation is None:
        return ""
    url = reverse("admin:registry_organisation_change", args=[organisation.pk])
    return format_html('<a href="{}">{}</a>', url, organisation)


@admin.register(Organisation)
class OrganisationAdmin(ReferenceDataAdmin):
    form = localised_names_form(Organisation, "name", required=["name"])
    list_display = ["display_name", "oid", "kind", "institution_number", "parent", "active"]
    list_select_related = ["parent"]
    list_filter = ["kind", "active"]
    search_fields = ["=oid", "name", "=institution_number", "=business_id"]
    search_help_text = _("Search by OID, name, institution number or business ID.")
    readonly_fields = [
        "oid", "kind", "type_codes", "institution_type", "unit_code", "municipality_code", "languages",
        "parent_link", "ancestors", "children_list", "updated_at", "roles_held",
    ]
    fieldsets = [
        (None, {"fields": ["oid", *language_field_names("name"), "kind", "type_codes"]}),
        (_("Identifiers"), {"fields": ["institution_number", "institution_type", "unit_code", "business_id"]}),
        (_("Hierarchy"), {"fields": ["parent_link", "ancestors", "children_list"]}),
        (_("Other details"), {"fields": ["municipality_code", "languages", "valid_from", "valid_to", "active", "updated_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and permissions.is_registry_administrator(request.user):
            fieldsets.append((_("Roles held on this organisation"), {"fields": ["roles_held"]}))
        return fieldsets

    @admin.display(description=_("roles"))
    def roles_held(self, organisation):
        return role_holders(organisation)

    @admin.display(description=_("name"), ordering="name__fi")
    def display_name(self, organisation):
        return organisation.display_name

    @admin.display(description=_("parent organisation"))
    def parent_link(self, organisation):
        return organisation_link(organisation.parent)

    @admin.display(description=_("above it in the hierarchy"))
    def ancestors(self, organisation):
        by_oid = {row.oid: row for row in Organisation.objects.filter(oid__in=organisation.ancestor_oids)}
        chain = [by_oid[oid] for oid in organisation.ancestor_oids if oid in by_oid]
        return format_html_join(" › ", "{}", ((organisation_link(row),) for row in chain)) or "–"

    @admin.display(description=_("directly under it"))
    def children_list(self, organisation):
        children = organisation.children.order_by("name__fi", "oid")
        return format_html_join(mark_safe("<br>"), "{}", ((organisation_link(child),) for child in children)) or "–"
