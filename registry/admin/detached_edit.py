"""The admin page where an official edits a study right detached from its source system.

The edited document goes through the whole ingest pipeline with the version source "admin"
(`services.study_rights.edit_detached_study_right`), so it is checked, validated, versioned and
audited like a transfer. Only detached study rights are edited here: the others belong to their
source systems.
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import permissions
from ..errors import RegisterError
from ..models import AuditAction, StudyRight
from ..selectors.study_rights import document_for_reader
from ..services import audit
from ..services.study_rights import edit_detached_study_right
from ..transfer_format import lifecycle
from ..transfer_format.writer import study_right_document
from .access import record_shown
from .learner_identity import add_errors

TEMPLATE = "admin/registry/studyright/edit_detached.html"


class DocumentForm(forms.Form):
    document = forms.CharField(label=_("study right in the national transfer format (JSON)"), widget=forms.Textarea(
        attrs={"rows": 30, "cols": 100, "spellcheck": "false"},
    ))

    def clean_document(self):
        try:
            return json.loads(self.cleaned_data["document"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(_("The text is not valid JSON: %(error)s"), code="json", params={"error": error.msg})


class DetachedEditViews:
    """The view that StudyRightAdmin adds for editing a detached study right."""

    def detached_edit_urls(self):
        view = self.admin_site.admin_view(self.edit_detached_view)
        return [path("<int:study_right_id>/edit-detached/", view, name="registry_studyright_edit_detached")]

    @method_decorator(never_cache)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def edit_detached_view(self, request, study_right_id):
        study_right = get_object_or_404(StudyRight.objects.select_related("learner"), pk=study_right_id)
        # A study right out of the user's scope gets the 404 of one that does not exist.
        if not permissions.has_study_right_permission(request.user, permissions.READ, study_right):
            raise Http404
        if not permissions.has_study_right_permission(request.user, permissions.WRITE, study_right):
            raise PermissionDenied
        if not lifecycle.is_detached(study_right.document):
            self.message_user(request, _("Only a study right detached from its source system is edited here."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:registry_studyright_change", args=[study_right.pk]))

        shown = study_right_document(study_right, document_for_reader(request.user, study_right))
        form = DocumentForm(
            request.POST if request.method == "POST" else None,
            initial={"document": json.dumps(shown, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)},
        )
        if form.is_valid():
            try:
                edit_detached_study_right(study_right.oid, form.cleaned_data["document"], user=request.user)
            except RegisterError as error:
                add_errors(form, error)
            else:
                self.message_user(request, _("The study right was saved as a new version."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:registry_studyright_change", args=[study_right.pk]))
        record_shown(request, [audit.study_right_subject(study_right, AuditAction.STUDY_RIGHT_READ)], action="edit_detached")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Edit the detached study right %(oid)s") % {"oid": study_right.oid},
            "form": form, "opts": self.model._meta, "original": study_right,
        }
        return TemplateResponse(request, TEMPLATE, context)
