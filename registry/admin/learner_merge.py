"""Merges of duplicate learners in the admin: the list of merges and the page that undoes one.

Only registry administrators see merges. A merge is made on the duplicate learner's page
(`learner_identity`) and undone here; both go through `services.learners`, which records them
in the audit trail.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import permissions
from ..errors import RegisterError
from ..models import LearnerMerge
from ..services import learners as learner_services
from .access import RestrictedLookupsMixin, is_staff
from .learner_identity import TEMPLATE, add_errors


class UndoMergeForm(forms.Form):
    reason = forms.CharField(label=_("reason for undoing"), widget=forms.Textarea(attrs={"rows": 3}))


def _administrator(request):
    return is_staff(request.user) and permissions.is_registry_administrator(request.user)


@admin.register(LearnerMerge)
class LearnerMergeAdmin(RestrictedLookupsMixin, admin.ModelAdmin):
    """Merges of learners, in force and undone. Read-only: a merge is undone on a page of its own."""

    list_display = ["duplicate_oid", "master_oid", "merged_at", "merged_by", "undone_at"]
    list_select_related = ["duplicate", "master", "merged_by"]
    search_fields = ["=duplicate__oid", "=master__oid"]
    search_help_text = _("Search by the OID of the duplicate or the master learner.")
    fields = [
        "duplicate_oid", "master_oid", "carried", "reason", "merged_at", "merged_by",
        "undone_at", "undone_by", "undo_reason", "undo_link",
    ]
    readonly_fields = fields

    def has_module_permission(self, request):
        return _administrator(request)

    def has_view_permission(self, request, obj=None):
        return _administrator(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("duplicate learner"), ordering="duplicate__oid")
    def duplicate_oid(self, merge):
        return merge.duplicate.oid

    @admin.display(description=_("master learner"), ordering="master__oid")
    def master_oid(self, merge):
        return merge.master.oid

    @admin.display(description=_("undo"))
    def undo_link(self, merge):
        if merge.undone_at is not None:
            return "–"
        url = reverse("admin:registry_learnermerge_undo", args=[merge.pk])
        return format_html('<a href="{}">{}</a>', url, _("Undo this merge"))

    def get_urls(self):
        undo = self.admin_site.admin_view(self.undo_view)
        return [path("<int:merge_id>/undo/", undo, name="registry_learnermerge_undo"), *super().get_urls()]

    @method_decorator(never_cache)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def undo_view(self, request, merge_id):
        """Ask for the reason, then undo the merge: the duplicate becomes a learner of its own again."""
        if not _administrator(request):
            raise PermissionDenied
        merge = get_object_or_404(LearnerMerge.objects.select_related("duplicate", "master"), pk=merge_id)
        form = UndoMergeForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                learner_services.undo_merge(merge, reason=form.cleaned_data["reason"], user=request.user)
            except RegisterError as error:
                add_errors(form, error)
            else:
                self.message_user(request, _("The merge of %(duplicate)s into %(master)s was undone.") % {
                    "duplicate": merge.duplicate.oid, "master": merge.master.oid,
                }, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:registry_learnermerge_change", args=[merge.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Undo the merge of %(duplicate)s into %(master)s") % {
                "duplicate": merge.duplicate.oid, "master": merge.master.oid,
            },
            "form": form, "opts": self.model._meta, "learner": merge.duplicate, "submit": _("Undo the merge"),
            "changelist_url": "admin:registry_learnermerge_changelist",
        }
        return TemplateResponse(request, TEMPLATE, context)
