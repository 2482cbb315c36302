"""The register's admin site: Django's admin with a login form that locks out repeated failures.

INSTALLED_APPS names `tor.admin_apps.AdminConfig` in place of "django.contrib.admin", so
`admin.site` and every `@admin.register` use this site.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registry import login_throttle
from registry.middleware import client_address


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The admin's login form, refusing a user name and address pair that failed too often (registry.login_throttle)."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked_out": _(
            "Too many failed logins with this user name from your address. Logging in is blocked for "
            "%(minutes)s minutes. Wait, or ask a registry administrator to lift the block."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request) if self.request is not None else ""
        if username and login_throttle.is_locked_out(login_throttle.ADMIN, username, address):
            raise self.locked_out_error()

        try:
            cleaned_data = super().clean()
        except ValidationError:
            if username and login_throttle.record_failure(login_throttle.ADMIN, username, address):
                raise self.locked_out_error() from None
            raise

        login_throttle.record_success(login_throttle.ADMIN, username, address)
        return cleaned_data

    def locked_out_error(self):
        return ValidationError(
            self.error_messages["locked_out"], code="locked_out",
            params={"minutes": settings.TOR_LOGIN_LOCKOUT_MINUTES},
        )


class AdminSite(admin.AdminSite):
    login_form = ThrottledAdminLoginForm
