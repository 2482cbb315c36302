"""The OpenAPI document at /api/v1/schema/ and Swagger UI at /api/v1/docs/, served without any outside address."""

import pytest

pytestmark = pytest.mark.django_db


def test_schema_documents_disclosure_and_provider_api(client):
    response = client.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert "/api/v1/luovutus/oppijat" in paths or "/api/v1/luovutus/oppijat/" in paths
    assert any(path.startswith("/api/v1/oppija") for path in paths)
    assert not any(path.startswith("/koski/api/") for path in paths)
    lookup = paths.get("/api/v1/luovutus/oppijat") or paths["/api/v1/luovutus/oppijat/"]
    assert "403" in lookup["post"]["responses"]
    assert "forbidden.luovutus.sopimusKeskeytetty" in document["info"]["description"]


def test_swagger_ui_loads_only_own_files(client):
    page = client.get("/api/v1/docs/")
    script = client.get("/api/v1/docs/", {"script": ""})

    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html
    assert "<style>" not in html
    assert "http://" not in html and "https://" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    assert (tmp_path / "schema.yaml").stat().st_size > 0
