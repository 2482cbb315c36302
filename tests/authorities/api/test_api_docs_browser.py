"""Swagger UI at /api/v1/docs/ in Debian's Chromium: it renders the whole API under the Content Security Policy.

Every script and style comes from the register itself, so a page that loaded anything from
elsewhere, or ran an inline script the policy blocks, would show no operations.
"""

import os

import pytest
from django.db import connection
from playwright.sync_api import expect, sync_playwright

from tests.authorities.disclosure import database_url
from tests.registry.citizen.conftest import start_server, stop_server
from tests.registry.citizen.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture
def docs_site(db, tmp_path):
    """Run the register on the test database and return its base URL; the docs pages read no learner data."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "PYTHONUNBUFFERED": "1",
    }
    server, base_url = start_server(environment, tmp_path / "runserver.log")
    try:
        yield base_url
    finally:
        stop_server(server)


def test_swagger_ui_renders_operations_without_outside_requests(docs_site):
    outside, violations = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(docs_site) else None)
        page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)

        page.goto(f"{docs_site}/api/v1/docs/")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("TOR API", timeout=20_000)
        expect(page.locator("#operations-luovutus-luovutus_oppijat")).to_be_visible()
        browser.close()

    assert [url for url in outside if not url.startswith("data:")] == []
    assert [text for text in violations if "script" in text] == []
