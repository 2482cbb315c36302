from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import DataSharingAgreement
from .access import RegistryStaffAdmin


@admin.register(DataSharingAgreement)
class DataSharingAgreementAdmin(RegistryStaffAdmin):
    list_display = ["name", "authority", "diary_number", "status", "valid_from", "valid_to"]
    list_select_related = ["authority"]
    list_filter = ["status"]
    search_fields = ["name", "=diary_number", "authority__name", "=authority__business_id"]
    search_help_text = _("Search by name, diary number, or the authority's name or business ID.")
    autocomplete_fields = ["authority"]
    readonly_fields = ["clients", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["authority", "name", "diary_number", "status"]}),
        (_("Grounds"), {"fields": ["legal_basis", "purpose"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_to"]}),
        (_("API clients"), {"fields": ["clients", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("API clients"))
    def clients(self, agreement):
        rows = [
            (reverse("admin:authorities_apiclient_change", args=[client.pk]), client.name,
             _("active") if client.active else _("deactivated"))
            for client in agreement.api_clients.order_by("name")
        ]
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a> ({})', rows) or "–"
