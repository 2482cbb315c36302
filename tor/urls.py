"""Top-level routes of the register."""

from django.contrib import admin
from django.urls import include, path
from oauth2_provider import views as oauth2_views

from authorities.api import urls as disclosure_api_urls
from registry.api import schema as api_schema
from registry.api import urls as api_urls
from registry.api.errors import json_not_found
from registry.citizen import urls as citizen_urls
from registry.citizen.views import home
from tor.ops import urls as ops_urls

urlpatterns = [
    path("", home, name="home"),
    # /health/live, /health/ready and /metrics: no login; the proxy decides who reaches them.
    path("", include(ops_urls)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # OAuth2 for machine clients: only the client-credentials token endpoint and token revocation.
    # The authorisation-code pages, introspection and the application management pages are left out.
    path("oauth2/", include(([
        path("token/", oauth2_views.TokenView.as_view(), name="token"),
        path("revoke_token/", oauth2_views.RevokeTokenView.as_view(), name="revoke-token"),
    ], "oauth2_provider"), namespace="oauth2_provider")),
    # The disclosure API for authorities. The national service's disclosure paths take other bodies,
    # so they get no /koski/api/ alias.
    path("api/v1/luovutus/", include((disclosure_api_urls.urlpatterns, "luovutus"), namespace="luovutus")),
    # The OpenAPI document of the whole API and Swagger UI.
    path("api/v1/", include(api_schema.urlpatterns)),
    path("api/v1/", include((api_urls.urlpatterns, "api"), namespace="api")),
    # Aliases with the national service's paths, so provider systems only change the host.
    path("koski/api/", include((api_urls.urlpatterns, "koski-api"), namespace="koski-api")),
    path("omat-tiedot/", include((citizen_urls.urlpatterns, "citizen"), namespace="citizen")),
    # Share links, qualification descriptions and the accessibility statement: public, no login.
    path("", include((citizen_urls.public_urlpatterns, "public"), namespace="public")),
]


def handler404(request, exception=None):
    if request.path.startswith(("/api/", "/koski/api/")):
        return json_not_found(request, exception)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)
