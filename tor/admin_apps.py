"""Django's admin app with the register's own admin site (tor.admin_site), named in INSTALLED_APPS.

This module imports no models, because INSTALLED_APPS loads it before the app registry is ready.
"""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "tor.admin_site.AdminSite"
