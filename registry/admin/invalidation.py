"""The admin action that invalidates study rights, after a confirmation page."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _, ngettext

from .. import permissions
from ..errors import RegisterError
from ..models import AuditAction, VersionSource
from ..services import audit
from ..services.study_rights import invalidate_study_right
from .access import record_shown


def confirmation_page(model_admin, request, study_rights, *, title, action, template):
    """Return the page that asks to confirm `action` on `study_rights`, and record their reads.

    The page lists each study right with its learner's name, so each one is an audited read.
    """
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "study_rights": study_rights,
        "opts": model_admin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    record_shown(
        request, [audit.study_right_subject(study_right, AuditAction.STUDY_RIGHT_READ) for study_right in study_rights],
        action=action,
    )
    return TemplateResponse(request, template, context)


def may_invalidate_any(user):
    return permissions.is_registry_administrator(user) or bool(permissions.granted_paths(user, permissions.INVALIDATE))


@admin.action(description=_("Invalidate selected study rights"), permissions=["invalidate"])
def invalidate_selected(model_admin, request, queryset):
    """Ask for confirmation, then invalidate each chosen study right through the same service as the API.

    The service records each invalidation in the audit trail, with this request's user and id.
    """
    study_rights = list(queryset.filter(invalidated=False))
    if request.POST.get("confirm") != "yes":
        return confirmation_page(
            model_admin, request, study_rights, title=_("Invalidate study rights"), action="invalidate_selected",
            template="admin/registry/studyright/invalidate_confirmation.html",
        )

    invalidated = 0
    for study_right in study_rights:
        try:
            invalidate_study_right(study_right.oid, user=request.user, source=VersionSource.ADMIN)
        except RegisterError as error:
            for item in error.errors:
                model_admin.message_user(request, f"{study_right.oid}: {item.message()}", messages.ERROR)
        else:
            invalidated += 1
    if invalidated:
        model_admin.message_user(
            request,
            ngettext("%(count)d study right was invalidated.", "%(count)d study rights were invalidated.", invalidated)
            % {"count": invalidated},
            messages.SUCCESS,
        )
    return None
