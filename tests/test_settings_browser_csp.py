"""The Content Security Policy in Debian's Chromium: the admin and the citizen pages work with it and break none of it.

A runserver child process serves a database of its own ("<DATABASE_URL's name>_csp") with the
reference data and one sample learner sent through the API. Chromium reports each blocked script or
style as a console message, and the test fails on any of them.
"""

import json
import os
import re
import secrets
import urllib.request

import pytest
from playwright.sync_api import expect, sync_playwright

from tests import samples
from tests.conftest import REFERENCE
from tests.registry.citizen.conftest import (
    basic_credentials,
    browser_database,
    drop_database,
    manage,
    recreate_database,
    start_server,
    stop_server,
)

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SUPERUSER = "csp-admin"
# A vocational qualification with nested parts, which the admin indents by level.
RICH_SAMPLE = "ammatillinen-perustutkinto.json"
CSP_MESSAGE = re.compile(r"Content Security Policy|Refused to (apply|execute|load)", re.IGNORECASE)


@pytest.fixture(scope="module")
def site(tmp_path_factory, request):
    """Yield (base URL, superuser password, learner OID) of a running register; stop it and drop its database after."""
    worker = getattr(request.config, "workerinput", {}).get("workerid", "")
    database_url, name, maintenance_url = browser_database(os.environ.get("DATABASE_URL", ""), worker)
    database_url, name = database_url.replace(f"/{name}", f"/{name}_csp"), f"{name}_csp"
    password = secrets.token_urlsafe(24)
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TOR_TEST_IDENTIFICATION": "true",
        "DJANGO_SUPERUSER_PASSWORD": password,
        "PYTHONUNBUFFERED": "1",
    }
    recreate_database(maintenance_url, name)
    server = None
    try:
        manage(environment, "migrate", "--noinput")
        manage(environment, "load_reference_data", str(REFERENCE))
        manage(environment, "createsuperuser", "--noinput", "--username", SUPERUSER, "--email", "csp@example.invalid")
        server, base_url = start_server(environment, tmp_path_factory.mktemp("csp-server") / "runserver.log")
        learner_oid = put_learner(base_url, basic_credentials(SUPERUSER, password))
        yield base_url, password, learner_oid
    finally:
        if server is not None:
            stop_server(server)
        drop_database(maintenance_url, name)


def put_learner(base_url, credentials):
    request = urllib.request.Request(
        f"{base_url}/api/v1/oppija", data=json.dumps(samples.with_own_learner(samples.load(RICH_SAMPLE))).encode(), method="PUT",
        headers={"Authorization": credentials, "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())["henkilö"]["oid"]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site[0], locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.violations = []
    page.on("console", lambda message: CSP_MESSAGE.search(message.text) and page.violations.append(message.text))
    yield page
    context.close()


def log_in_to_admin(page, password):
    page.goto("/admin/login/")
    page.fill("#id_username", SUPERUSER)
    page.fill("#id_password", password)
    page.locator("form#login-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_admin_pages_keep_the_policy(page, site):
    log_in_to_admin(page, site[1])

    page.goto("/admin/registry/studyright/")
    page.locator("#result_list tbody a").first.click()
    facts = page.locator(".tor-facts").first
    expect(facts).to_be_visible()
    assert facts.evaluate("element => getComputedStyle(element).display") == "grid"
    # Each part is indented by 2em per level below the top, from the stylesheet's tor-indent-N classes.
    paddings = page.locator(".tor-part").evaluate_all(
        """elements => elements.map(element => [
            Number(element.className.match(/tor-indent-(\\d+)/)[1]),
            parseFloat(getComputedStyle(element).paddingLeft) - 8,
            parseFloat(getComputedStyle(element).fontSize),
        ])"""
    )
    assert paddings
    assert all(abs(padding - level * 2 * font_size) < 0.5 for level, padding, font_size in paddings), paddings

    page.goto("/admin/authorities/apiclient/add/")
    # The organisation field is an autocomplete that the admin's own scripts build.
    expect(page.locator(".field-organisation .select2-container")).to_be_visible()
    page.goto("/admin/registry/rolegrant/add/")
    expect(page.locator(".field-user .select2-container")).to_be_visible()

    assert page.violations == []


def test_admin_lockout_message_is_shown(page, site, browser):
    page.goto("/admin/login/")
    page.fill("#id_username", "nobody-csp")
    page.fill("#id_password", "wrong")
    page.locator("form#login-form [type=submit]").click()

    expect(page.locator(".errornote")).to_be_visible()
    assert page.violations == []


def test_citizen_pages_keep_the_policy(page, site):
    page.goto("/")
    page.goto("/omat-tiedot/")
    expect(page).to_have_url(re.compile(r"/omat-tiedot/testitunnistautuminen/$"))
    page.locator(f'input[name="learner"][value="{site[2]}"]').check()
    page.locator("main form[method='post'] button[type='submit']").click()
    expect(page).to_have_url(re.compile(r"/omat-tiedot/$"))
    page.locator("#language-select").select_option("sv")
    page.locator(".language-switcher button[type='submit']").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    assert page.violations == []
