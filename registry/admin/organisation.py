from django.contrib import admin

from ..models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "institution_number", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["oid", "name", "institution_number", "business_id"]
    raw_id_fields = ["parent"]
