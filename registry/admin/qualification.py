from django.contrib import admin

from ..models import QualificationDescription, QualificationUnit


class QualificationUnitInline(admin.TabularInline):
    model = QualificationUnit
    fields = ["code", "name", "scope", "scope_unit", "mandatory"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(QualificationDescription)
class QualificationDescriptionAdmin(admin.ModelAdmin):
    list_display = ["diary_number", "display_name", "education_type", "valid_from", "valid_to"]
    search_fields = ["diary_number", "name"]
    inlines = [QualificationUnitInline]
