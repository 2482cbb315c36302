import logging

from cryptography.fernet import InvalidToken
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .. import identity_codes, permissions
from ..models import AuditAction, Learner
from ..selectors.admin import admin_learners, admin_study_rights_of_learner
from ..selectors.learners import former_identity_codes, merges_of, name_history
from ..services import audit
from .access import ScopedRecordAdmin
from .learner_identity import LearnerIdentityViews
from .learner_search import LearnerSearchViews
from .study_right_list import study_right_list_queryset

logger = logging.getLogger(__name__)


@admin.register(Learner)
class LearnerAdmin(LearnerIdentityViews, LearnerSearchViews, ScopedRecordAdmin):
    """Learners with at least one study right in the user's organisations.

    The personal identity code is shown masked on the detail page only, and the list's search
    never takes one: a search term travels in the URL, which proxies and access logs keep. A
    learner is found by identity code on a page of its own that takes the code by POST.
    Registry administrators also create learners, change identity codes and names, and merge
    duplicates on pages of their own (`learner_identity`).
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
        (_("Merged learners"), {"fields": ["master_oid", "merged_oids", "merge_history"]}),
        (_("Identity history"), {"fields": ["earlier_names", "replaced_identity_codes", "identity_actions"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    readonly_fields = [
        "masked_identity_code", "master_oid", "merged_oids", "merge_history", "earlier_names",
        "replaced_identity_codes", "identity_actions",
    ]

    def get_queryset(self, request):
        return admin_learners(request.user)

    def has_object_permission(self, request, obj):
        return admin_learners(request.user).filter(pk=obj.pk).exists()

    def get_urls(self):
        search = self.admin_site.admin_view(self.identity_code_search_view)
        return [
            path("search-by-identity-code/", search, name="registry_learner_identity_code_search"),
            *self.identity_urls(),
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

    @admin.display(description=_("merges"))
    def merge_history(self, learner):
        rows = [
            (
                reverse("admin:registry_learnermerge_change", args=[merge.pk]), merge.duplicate.oid, merge.master.oid,
                merge.merged_at.date(), _("undone") if merge.undone_at else _("in force"),
            )
            for merge in merges_of(learner)
        ]
        if not rows:
            return "–"
        return format_html_join(mark_safe("<br>"), '<a href="{}">{} → {}</a> ({}, {})', rows)

    @admin.display(description=_("earlier names"))
    def earlier_names(self, learner):
        rows = [
            (change.first_names, change.last_name, change.changed_at.date()) for change in name_history(learner)
        ]
        return format_html_join(mark_safe("<br>"), "{} {} ({})", rows) if rows else "–"

    @admin.display(description=_("replaced personal identity codes"))
    def replaced_identity_codes(self, learner):
        rows = []
        for former in former_identity_codes(learner):
            try:
                code = identity_codes.mask(identity_codes.decrypt(former.identity_code_ciphertext))
            except InvalidToken:
                code = _("cannot be decrypted")
            rows.append((code, former.get_change_display(), former.replaced_at.date()))
        return format_html_join(mark_safe("<br>"), "{}: {} ({})", rows) if rows else "–"

    @admin.display(description=_("changes"))
    def identity_actions(self, learner):
        links = [
            ("admin:registry_learner_identity_code", _("Add or replace the personal identity code")),
            ("admin:registry_learner_names", _("Change names")),
            ("admin:registry_learner_merge", _("Merge into another learner")),
        ]
        return format_html_join(
            " | ", '<a href="{}">{}</a>', [(reverse(name, args=[learner.pk]), label) for name, label in links],
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if permissions.is_registry_administrator(request.user):
            return fieldsets
        # Only registry administrators change identities and see merges, which name learners out of an official's scope.
        hidden = {"identity_actions", "merge_history"}
        return [
            (name, {**options, "fields": [field for field in options["fields"] if field not in hidden]})
            for name, options in fieldsets
        ]

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
