from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import AuditAction, StudyRight
from ..selectors.admin import admin_study_rights
from ..services import audit
from ..transfer_format import lifecycle
from .access import ScopedRecordAdmin
from .detached_edit import DetachedEditViews
from .detachment import detach_selected, may_detach_any
from .invalidation import invalidate_selected, may_invalidate_any
from .study_right_list import EstimatedCountPaginator, InstitutionFilter, StateFilter, TypeFilter, state_name, study_right_list_queryset, type_name
from .study_right_page import study_right_page


@admin.register(StudyRight)
class StudyRightAdmin(DetachedEditViews, ScopedRecordAdmin):
    """Study rights of the user's organisations, as a list and as a read-only page per study right.

    No user edits a study right's fields here, registry administrators included, because changes
    arrive through the ingest service and the achievement rows are rebuilt from the document. A
    study right detached from its source system is edited as a whole document on a page of its
    own (`detached_edit`), which sends it through the ingest service.
    """

    list_display = [
        "oid", "learner_name", "type_display", "institution_name", "state_display",
        "start_date", "end_date", "version", "invalidated", "updated_at",
    ]
    list_filter = [TypeFilter, StateFilter, InstitutionFilter, "invalidated"]
    search_fields = ["=oid", "=learner__oid", "=source_id"]
    search_help_text = _("Search by study right OID, learner OID or source ID.")
    fieldsets = [
        (None, {"fields": ["oid", "learner_link", "version", "invalidated"]}),
        (_("Source"), {"fields": ["source_system", "source_id", "parent_study_right_oid"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    readonly_fields = ["learner_link"]
    actions = [invalidate_selected, detach_selected]
    paginator = EstimatedCountPaginator

    def has_invalidate_permission(self, request):
        return may_invalidate_any(request.user)

    def has_detach_permission(self, request):
        return may_detach_any(request.user)

    def get_queryset(self, request):
        return study_right_list_queryset(admin_study_rights(request.user))

    def has_object_permission(self, request, obj):
        return permissions.has_study_right_permission(request.user, permissions.READ, obj)

    def audit_subjects(self, study_right):
        return [audit.study_right_subject(study_right, AuditAction.STUDY_RIGHT_READ)]

    @admin.display(description=_("learner"), ordering="learner__last_name")
    def learner_name(self, study_right):
        return study_right.learner.full_name or study_right.learner.oid

    @admin.display(description=_("type"), ordering="type")
    def type_display(self, study_right):
        return type_name(study_right)

    @admin.display(description=_("institution"))
    def institution_name(self, study_right):
        return study_right.institution.display_name if study_right.institution else "–"

    @admin.display(description=_("state"), ordering="state")
    def state_display(self, study_right):
        return state_name(study_right)

    @admin.display(description=_("learner"))
    def learner_link(self, study_right):
        url = reverse("admin:registry_learner_change", args=[study_right.learner_id])
        return format_html('<a href="{}">{}</a>', url, study_right.learner)

    def get_urls(self):
        return [*self.detached_edit_urls(), *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["page"] = study_right_page(obj, request.user)
            context["editable_detached"] = lifecycle.is_detached(obj.document) and permissions.has_study_right_permission(
                request.user, permissions.WRITE, obj,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
