"""Who may do what in the admin: the base classes of the register's model admins.

Registry administrators are superusers. Provider officials are staff users whose rights are
object permissions on organisations, checked only through `registry.permissions`. Records are
read through the scoped selectors, so a record outside the official's organisations is missing
from lists and its URL redirects like that of a deleted record. Every list row and page that
shows a learner's record records an audit event.
"""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

from .. import permissions
from ..models import AuditAction
from ..services import audit
from .forms import LocalisedNamesAdminMixin

AUTOCOMPLETE_VIEW = "admin:autocomplete"


def is_staff(user):
    return bool(user.is_active and user.is_staff)


def may_read_study_rights(user):
    """Return whether `user` may open the admin's learner and study right pages at all."""
    if not is_staff(user):
        return False
    if permissions.is_registry_administrator(user):
        return True
    return bool(permissions.granted_paths(user, permissions.READ))


class RestrictedLookupsMixin:
    """Reject URL filters through relations that the list filters do not offer.

    Django's admin accepts a filter on any relation one level deep, such as
    `?institution_study_rights=<id>` on organisations. That would show an official which
    learner or organisation has a record outside its scope, so only a relation named in
    `list_filter` may be filtered on.
    """

    def lookup_allowed(self, lookup, value, request=None):
        first = lookup.split(LOOKUP_SEP)[0]
        try:
            field = self.model._meta.get_field(first)
        except FieldDoesNotExist:
            return super().lookup_allowed(lookup, value, request)
        if field.is_relation and first not in self._filtered_relations(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def _filtered_relations(self, request):
        names = set()
        for item in self.get_list_filter(request):
            if isinstance(item, (list, tuple)):
                item = item[0]
            name = item if isinstance(item, str) else getattr(item, "parameter_name", None)
            if name:
                names.add(name.split(LOOKUP_SEP)[0])
        return names


class ReferenceDataAdmin(LocalisedNamesAdminMixin, RestrictedLookupsMixin, admin.ModelAdmin):
    """Reference data that every staff user may view and only registry administrators may change.

    Rows are added and retired by the reference-data loaders, never here, because their
    identifiers come from the national services that master them. A change made here lasts
    until the next load of that service's data replaces it.
    """

    def has_module_permission(self, request):
        return is_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return is_staff(request.user) and permissions.is_registry_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


def record_shown(request, subjects, **details):
    """Record the audit events of records shown by an admin page, naming the page, when its response succeeds."""
    audit.record_on_success(AuditAction.ADMIN_VIEW, subjects=subjects, details={"view": audit.view_name(request), **details})


class ScopedRecordAdmin(RestrictedLookupsMixin, admin.ModelAdmin):
    """Learners' records, read-only for everyone and scoped to the user's organisations.

    Study rights are written through the ingest service, which versions every change, so no
    admin form writes them. `get_queryset` must apply the user's scope.

    The list records one audit event per row shown, and the change and history pages the events of
    their record (`audit_subjects`, and `page_audit_subjects` for what a change page adds), all in
    one insert after the response has succeeded. The admin's autocomplete never offers records,
    because it would show their names without an event, and no form picks one.
    """

    show_full_result_count = False

    def audit_subjects(self, obj):
        """Return the audit Subjects, each with its action, of showing `obj` as a list row or on its history page."""
        raise NotImplementedError

    def page_audit_subjects(self, obj, context):
        """Return the audit Subjects of the change page of `obj`, whose template context is `context`."""
        return self.audit_subjects(obj)

    def has_module_permission(self, request):
        return may_read_study_rights(request.user)

    def has_view_permission(self, request, obj=None):
        if not may_read_study_rights(request.user):
            return False
        if audit.view_name(request) == AUTOCOMPLETE_VIEW:
            return False
        return obj is None or self.has_object_permission(request, obj)

    def has_object_permission(self, request, obj):
        """Return whether the user may read `obj`, as a second check behind the scoped queryset."""
        raise NotImplementedError

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        # Only a rendered list has a ChangeList; redirects and action pages have none.
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            record_shown(request, [subject for obj in changelist.result_list for subject in self.audit_subjects(obj)])
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            record_shown(request, self.page_audit_subjects(obj, context))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        # The page names its record; a record the user may not read redirects and has no "object".
        obj = (getattr(response, "context_data", None) or {}).get("object")
        if obj is not None:
            record_shown(request, self.audit_subjects(obj))
        return response
