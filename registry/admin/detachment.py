"""The admin action that detaches study rights from their source systems, after a confirmation page."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _, ngettext

from .. import permissions
from ..errors import RegisterError
from ..models import VersionSource
from ..services.study_rights import detach_study_right
from .invalidation import confirmation_page


def may_detach_any(user):
    return permissions.is_registry_administrator(user) or bool(permissions.granted_paths(user, permissions.DETACH))


@admin.action(description=_("Detach selected study rights from their source systems"), permissions=["detach"])
def detach_selected(model_admin, request, queryset):
    """Ask for confirmation, then detach each chosen study right through `services.study_rights`.

    The service writes the detachment as a new version and records it in the audit trail. A
    study right that the service rejects is reported with its error, and the others are still detached.
    """
    study_rights = list(queryset.filter(invalidated=False))
    if request.POST.get("confirm") != "yes":
        return confirmation_page(
            model_admin, request, study_rights, title=_("Detach study rights from their source systems"),
            action="detach_selected", template="admin/registry/studyright/detach_confirmation.html",
        )

    detached = 0
    for study_right in study_rights:
        try:
            detach_study_right(study_right.oid, user=request.user, source=VersionSource.ADMIN)
        except RegisterError as error:
            for item in error.errors:
                model_admin.message_user(request, f"{study_right.oid}: {item.message()} ({item.key})", messages.ERROR)
        else:
            detached += 1
    if detached:
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d study right was detached from its source system.",
                "%(count)d study rights were detached from their source systems.", detached,
            ) % {"count": detached},
            messages.SUCCESS,
        )
    return None
