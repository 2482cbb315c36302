from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.admin.forms import LocalisedNamesAdminMixin, language_field_names, localised_names_form

from ..models import Authority
from .access import RegistryStaffAdmin


@admin.register(Authority)
class AuthorityAdmin(LocalisedNamesAdminMixin, RegistryStaffAdmin):
    form = localised_names_form(Authority, "name", required=["name"])
    list_display = ["display_name", "business_id", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "=business_id"]
    search_help_text = _("Search by name or business ID.")
    autocomplete_fields = ["organisation"]
    fieldsets = [(None, {"fields": [*language_field_names("name"), "business_id", "organisation"]})]

    @admin.display(description=_("name"), ordering="name__fi")
    def display_name(self, authority):
        return authority.display_name
