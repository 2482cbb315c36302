"""Admin of authorities, data-sharing agreements and API clients, for registry staff (superusers) only."""

from django.contrib import admin

from . import agreement, api_client, authority, disclosure  # noqa: F401

# django-oauth-toolkit registers admin pages for its applications and tokens. An application made
# there would have no API client, user or rights, so API clients are managed only on their own page.
for _model in [model for model in admin.site._registry if model._meta.app_label == "oauth2_provider"]:
    admin.site.unregister(_model)
