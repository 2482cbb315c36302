"""The disclosure log in the admin, for registry staff: every disclosure, and a learner's disclosures by learner OID.

The list shows the agreement, the access mode and the number of learners, which name no one. A
search by learner OID lists the disclosures that contained that learner (and the learners merged
into them), which reads the learner's data, so it records an `admin.view` audit event for them.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.admin.access import record_shown
from registry.oids import is_learner_oid
from registry.selectors.study_rights import learner_by_oid, learner_ids_with_merged
from registry.services import audit

from ..models import Disclosure
from .access import RegistryStaffAdmin


@admin.register(Disclosure)
class DisclosureAdmin(RegistryStaffAdmin):
    list_display = ["disclosed_at", "agreement", "mode", "learner_count", "complete"]
    list_select_related = ["agreement"]
    list_filter = ["mode", "complete"]
    search_fields = ["=request_id"]
    search_help_text = _("Search by learner OID, which lists the disclosures that contained the learner, or by request ID.")
    date_hierarchy = "disclosed_at"
    fields = [
        "agreement", "agreement_version", "client", "mode", "legal_basis", "purpose", "profile", "data_kinds",
        "disclosed_at", "request_id", "learner_count", "complete",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not is_learner_oid(term):
            return super().get_search_results(request, queryset, search_term)
        learner = learner_by_oid(term)
        if learner is None:
            return queryset.none(), False
        record_shown(request, [audit.Subject(learner.oid)], search="disclosures_of_learner")
        return queryset.filter(entries__learner_id__in=learner_ids_with_merged(learner)).distinct(), True
