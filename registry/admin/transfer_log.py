"""The transfer log (tiedonsiirrot) in the admin: the latest outcome per learner and a summary."""

import json
import logging

from cryptography.fernet import InvalidToken
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .. import identity_codes, permissions
from ..models import TransferAttempt
from ..selectors.transfer_log import transfer_summary, visible_transfer_attempts
from .access import ScopedRecordAdmin

logger = logging.getLogger(__name__)


@admin.register(TransferAttempt)
class TransferAttemptAdmin(ScopedRecordAdmin):
    """Transfers of the user's organisations: the latest outcome per learner, failures with their errors.

    Identity codes are masked in the list and on the page. The document of a failed transfer is
    kept encrypted and shown to those who may read the organisation's study rights.
    """

    list_display = ["updated_at", "organisation_name", "learner_oid", "masked_identity_code", "last_name",
                    "source_system", "succeeded", "attempts"]
    list_filter = ["succeeded", "source_system"]
    search_fields = ["=learner_oid", "=organisation__oid"]
    search_help_text = _("Search by learner OID or organisation OID.")
    fields = ["updated_at", "organisation_name", "learner_oid", "masked_identity_code", "first_names", "last_name",
              "source_system", "succeeded", "attempts", "user", "error_list"]
    readonly_fields = fields
    change_list_template = "admin/registry/transferattempt/change_list.html"

    def get_queryset(self, request):
        return visible_transfer_attempts(request.user)

    def has_object_permission(self, request, obj):
        return visible_transfer_attempts(request.user).filter(pk=obj.pk).exists()

    def get_urls(self):
        summary = self.admin_site.admin_view(self.summary_view)
        return [path("summary/", summary, name="registry_transferattempt_summary"), *super().get_urls()]

    def summary_view(self, request):
        """Show sent, failed and succeeded transfers per organisation and source system."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("Transfer summary"),
            "rows": list(transfer_summary(request.user)),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/registry/transferattempt/summary.html", context)

    @admin.display(description=_("organisation"))
    def organisation_name(self, attempt):
        return attempt.organisation.display_name if attempt.organisation else "–"

    @admin.display(description=_("personal identity code"))
    def masked_identity_code(self, attempt):
        if not attempt.identity_code_ciphertext:
            return "–"
        try:
            return identity_codes.mask(identity_codes.decrypt(attempt.identity_code_ciphertext))
        except InvalidToken:
            logger.error("identity_code_decrypt_failed transfer_attempt_id=%s", attempt.pk)
            return _("cannot be decrypted")

    @admin.display(description=_("errors"))
    def error_list(self, attempt):
        return format_html_join("", "<div><code>{}</code> {}</div>", ((error["key"], error.get("path", "")) for error in attempt.errors)) or "–"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        attempt = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), "document_sent": self.document_sent(request.user, attempt)}
        return super().change_view(request, object_id, form_url, extra_context)

    def document_sent(self, user, attempt):
        """Return the failed transfer's document as indented JSON for a user who may read it, else None."""
        if attempt is None or not attempt.document_ciphertext:
            return None
        if attempt.organisation and not permissions.has_organisation_permission(user, permissions.READ, attempt.organisation):
            return None
        try:
            document = json.loads(identity_codes.decrypt(attempt.document_ciphertext))
        except (InvalidToken, ValueError):
            logger.error("transfer_document_decrypt_failed transfer_attempt_id=%s", attempt.pk)
            return None
        return json.dumps(document, ensure_ascii=False, indent=2)
