"""Security headers on every response: Content Security Policy, Permissions Policy, Referrer-Policy, nosniff."""

import re

import pytest

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+=\"", re.IGNORECASE)


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (item.strip() for item in policy.split(";")) if part}


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/v1/tiedonsiirrot", "/no-such-page/"])
def test_every_response_has_policies(client, path):
    response = client.get(path)

    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_report_only_switch(client, settings):
    settings.TOR_CSP_REPORT_ONLY = True

    response = client.get("/")

    assert "Content-Security-Policy" not in response
    assert "default-src 'self'" in response["Content-Security-Policy-Report-Only"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/admin/",
        "/admin/authorities/apiclient/add/",
        "/admin/authorities/datasharingagreement/add/",
        "/admin/registry/organisation/",
        "/admin/registry/rolegrant/add/",
    ],
)
def test_pages_have_no_inline_scripts_or_styles(client, admin_user, path):
    client.force_login(admin_user)

    html = client.get(path).content.decode()

    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not INLINE_STYLE.search(html), INLINE_STYLE.search(html).group(0)
    assert not EVENT_HANDLER.search(html), EVENT_HANDLER.search(html).group(0)


def test_forms_carry_csrf_token(client, admin_user):
    client.force_login(admin_user)

    html = client.get("/admin/authorities/apiclient/add/").content.decode()

    assert 'name="csrfmiddlewaretoken"' in html
