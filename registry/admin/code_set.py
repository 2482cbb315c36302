from django.contrib import admin

from ..models import Code, CodeSet


@admin.register(CodeSet)
class CodeSetAdmin(admin.ModelAdmin):
    list_display = ["uri", "display_name", "version"]
    search_fields = ["uri"]


@admin.register(Code)
class CodeAdmin(admin.ModelAdmin):
    list_display = ["code_set_uri", "value", "display_name", "retired"]
    list_filter = ["retired"]
    search_fields = ["code_set_uri", "value"]
    raw_id_fields = ["code_set"]
