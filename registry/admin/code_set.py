from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Code, CodeSet
from .access import ReferenceDataAdmin
from .forms import language_field_names, localised_names_form


def codes_link(code_set, label):
    url = reverse("admin:registry_code_changelist") + "?" + urlencode({"code_set_uri": code_set.uri})
    return format_html('<a href="{}">{}</a>', url, label)


@admin.register(CodeSet)
class CodeSetAdmin(ReferenceDataAdmin):
    form = localised_names_form(CodeSet, "name")
    list_display = ["uri", "display_name", "version", "valid_from", "valid_to", "code_count"]
    search_fields = ["uri", "name"]
    search_help_text = _("Search by code set URI or name.")
    readonly_fields = ["uri", "version", "updated_at", "codes"]
    fields = ["uri", *language_field_names("name"), "version", "valid_from", "valid_to", "updated_at", "codes"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(code_count=Count("codes"))

    @admin.display(description=_("name"), ordering="name__fi")
    def display_name(self, code_set):
        return code_set.display_name

    @admin.display(description=_("codes"), ordering="code_count")
    def code_count(self, code_set):
        return codes_link(code_set, code_set.code_count)

    @admin.display(description=_("codes"))
    def codes(self, code_set):
        label = ngettext(
            "Show the %(count)s code of this code set", "Show the %(count)s codes of this code set", code_set.code_count,
        ) % {"count": code_set.code_count}
        return codes_link(code_set, label)


@admin.register(Code)
class CodeAdmin(ReferenceDataAdmin):
    form = localised_names_form(Code, "name", "short_name")
    list_display = ["code_set_uri", "value", "display_name", "valid_from", "valid_to", "retired"]
    list_filter = ["retired"]
    search_fields = ["=code_set_uri", "value", "name"]
    search_help_text = _("Search by code set URI, code value or name.")
    readonly_fields = ["code_set", "code_set_uri", "value", "version", "within"]
    fields = [
        "code_set", "code_set_uri", "value", *language_field_names("name", "short_name"),
        "version", "valid_from", "valid_to", "retired", "within",
    ]

    @admin.display(description=_("name"), ordering="name__fi")
    def display_name(self, code):
        return code.display_name
