"""The transfer log (tiedonsiirrot) in the admin: the latest outcome per learner and a summary.

Each row and page of a transfer records a transfer_log.read event of its learner. The summary
contains no learner data and records none.
"""

import json
import logging

from cryptography.fernet import InvalidToken
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .. import identity_codes, permissions
from ..models import AuditAction, TransferAttempt
from ..selectors.transfer_log import (
    may_see_sensitive_transfer_data,
    readable_errors,
    transfer_summary,
    visible_transfer_attempts,
)
from ..services import audit
from .access import ScopedRecordAdmin

logger = logging.getLogger(__name__)


@admin.register(TransferAttempt)
class TransferAttemptAdmin(ScopedRecordAdmin):
    """Transfers of the user's organisations: the latest outcome per learner, failures with their errors.

    Identity codes are masked in the list and on the page. The document of a failed transfer is
    kept encrypted and shown to those who may read the organisation's study rights and its
    sensitive data, because a rejected document may hold sensitive data that the ingest never
    stripped. Error paths through sensitive fields are cut for everyone else.
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

    def get_object(self, request, object_id, from_field=None):
        attempt = super().get_object(request, object_id, from_field)
        if attempt is not None:
            # The display methods get no request, so the errors this user may see travel with the row.
            attempt.readable_errors = readable_errors(request.user, attempt)
        return attempt

    def audit_subjects(self, attempt):
        organisation_oid = attempt.organisation.oid if attempt.organisation else ""
        return [audit.Subject(attempt.learner_oid, organisation_oid=organisation_oid, action=AuditAction.TRANSFER_LOG_READ)]

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
        errors = getattr(attempt, "readable_errors", None)
        if errors is None:
            return "–"
        return format_html_join("", "<div><code>{}</code> {}</div>", ((error["key"], error.get("path", "")) for error in errors)) or "–"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        attempt = self.get_object(request, object_id)
        withheld = self.document_withheld(request.user, attempt)
        extra_context = {
            **(extra_context or {}),
            "document_sent": None if withheld else self.document_sent(request.user, attempt),
            "document_withheld": withheld,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def document_withheld(self, user, attempt):
        """Return whether the page withholds a document from a user who may read the row but not its sensitive data."""
        if attempt is None or not attempt.document_ciphertext:
            return False
        return not may_see_sensitive_transfer_data(user, attempt)

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
