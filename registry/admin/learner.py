import logging

from cryptography.fernet import InvalidToken
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .. import identity_codes
from ..models import AuditAction, Learner
from ..selectors.admin import admin_learners, admin_study_rights_of_learner
from ..services import audit
from .access import ScopedRecordAdmin
from .learner_search import LearnerSearchViews
from .study_right_list import study_right_list_queryset

logger = logging.getLogger(__name__)


@admin.register(Learner)
class LearnerAdmin(LearnerSearchViews, ScopedRecordAdmin):
    """Learners with at least one study right in the user's organisations.

    The personal identity code is shown masked on the detail page only, and the list's search
    never takes one: a search term travels in the URL, which proxies and access logs keep. A
    learner is found by identity code on a page of its own that takes the code by POST.
    """

    list_display = ["oid", "last_name", "first_names", "birth_date", "non_disclosure"]
    list_filter = ["non_disclosure"]
    search_fields = ["=oid", "^last_name", "^first_names"]
    search_help_text = _(
        "Search by learner OID or by the start of a name. To find a learner by personal identity code, "
        "use the identity code form, which keeps the code out of the address."
    )
    change_list_template = "admin/registry/learner/change_list.html"
    fieldsets = [
        (None, {"fields": ["oid", "masked_identity_code", "first_names", "calling_name", "last_name", "birth_date"]}),
        (_("Other details"), {"fields": ["mother_tongue", "nationalities", "non_disclosure"]}),
        (_("Merged learners"), {"fields": ["master_oid", "merged_oids"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    readonly_fields = ["masked_identity_code", "master_oid", "merged_oids"]

    def get_queryset(self, request):
        return admin_learners(request.user)

    def has_object_permission(self, request, obj):
        return admin_learners(request.user).filter(pk=obj.pk).exists()

    def get_urls(self):
        search = self.admin_site.admin_view(self.identity_code_search_view)
        return [
            path("search-by-identity-code/", search, name="registry_learner_identity_code_search"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        """Reject a search term that contains an identity code and redirect to the list without it.

        The list would otherwise repeat the term in its search box and in every filter and page link.
        """
        if identity_codes.IDENTITY_CODE_PATTERN.search(request.GET.get("q", "")):
            messages.warning(
                request, _("Personal identity codes are not searched here: use the identity code form below the search box."),
            )
            remaining = [(name, value) for name, values in request.GET.lists() if name != "q" for value in values]
            return HttpResponseRedirect(f"{request.path}?{urlencode(remaining)}" if remaining else request.path)
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        # A second check behind changelist_view, for the admin's other uses of the search (autocomplete).
        if identity_codes.IDENTITY_CODE_PATTERN.search(search_term):
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("personal identity code"))
    def masked_identity_code(self, learner):
        try:
            code = identity_codes.decrypt(learner.identity_code_ciphertext)
        except InvalidToken:
            logger.error("identity_code_decrypt_failed learner_oid=%s", learner.oid)
            return _("cannot be decrypted")
        return identity_codes.mask(code) or "–"

    @admin.display(description=_("merged into"))
    def master_oid(self, learner):
        return learner.master.oid if learner.master_id else "–"

    @admin.display(description=_("learners merged into this one"))
    def merged_oids(self, learner):
        return ", ".join(learner.merged_learners.order_by("oid").values_list("oid", flat=True)) or "–"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            study_rights = admin_study_rights_of_learner(request.user, obj)
            context["study_rights"] = list(study_right_list_queryset(study_rights))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def audit_subjects(self, learner):
        return [audit.Subject(learner.oid, action=AuditAction.LEARNER_READ)]

    def page_audit_subjects(self, learner, context):
        """Return the learner's read and a read of each study right that the page lists."""
        return [
            *self.audit_subjects(learner),
            *(
                audit.study_right_subject(study_right, AuditAction.STUDY_RIGHT_READ, learner.oid)
                for study_right in context.get("study_rights", [])
            ),
        ]
