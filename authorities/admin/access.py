from django.contrib import admin

from registry.permissions import is_registry_administrator


def is_registry_staff(user):
    """Return whether `user` may manage authorities, agreements and API clients: an active staff superuser."""
    return bool(user.is_active and user.is_staff and is_registry_administrator(user))


class RegistryStaffAdmin(admin.ModelAdmin):
    """A model admin that only registry staff see and use. Nothing is deleted here: rows end or are deactivated."""

    def has_module_permission(self, request):
        return is_registry_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_registry_staff(request.user)

    def has_add_permission(self, request):
        return is_registry_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return is_registry_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return False
