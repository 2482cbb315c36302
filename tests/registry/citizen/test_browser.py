"""The citizen pages in Debian's Chromium: every sample learner's achievements, the three languages, axe-core.

The checks find controls by role, id and form structure, not by English text, so they hold once the
fi and sv catalogues translate the page.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from registry.models.fields import localised
from tests import samples

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
LANGUAGES = ("fi", "sv", "en")
# A vocational qualification with competence area, title, verification and nested parts.
RICH_SAMPLE = "ammatillinen-perustutkinto.json"
# Basic education: four top-level achievements with many parts each.
LARGE_SAMPLE = "perusopetuksenoppimaara-paattotodistus.json"


@pytest.fixture(scope="module")
def browser():
    """Chromium for this module only: Playwright's event loop would make the Django ORM refuse later tests."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, browser_site):
    context = browser.new_context(base_url=browser_site.base_url, locale="fi-FI")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def axe():
    return Axe()


def log_in(page, learner_oid):
    """Open the own-record page anonymously, follow the redirect to test identification and log in."""
    page.goto("/omat-tiedot/")
    expect(page).to_have_url(re.compile(r"/omat-tiedot/testitunnistautuminen/$"))
    page.locator(f'input[name="learner"][value="{learner_oid}"]').check()
    page.locator("main form[method='post'] button[type='submit']").click()
    expect(page).to_have_url(re.compile(r"/omat-tiedot/$"))


def switch_language(page, language):
    page.locator("#language-select").select_option(language)
    page.locator(".language-switcher button[type='submit']").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def top_level_names(learner, language="fi"):
    """Return the names the page must show for each top-level achievement, from the API read-back.

    The name is the module's (koulutusmoduuli.tunniste), else the achievement type's, in `language`
    with the page's fallback order. As in the national service, a basic-education study right
    leaves out an unverified final syllabus (perusopetuksenoppimaara) when it has other top-level
    achievements, such as the grade years of a pupil still at school.
    """
    names = []
    for study_right in learner.study_rights:
        achievements = study_right["suoritukset"]
        if study_right["tyyppi"]["koodiarvo"] == "perusopetus" and len(achievements) > 1:
            achievements = [
                item for item in achievements
                if item["tyyppi"]["koodiarvo"] != "perusopetuksenoppimaara" or item.get("vahvistus")
            ]
        for achievement in achievements:
            module_names = achievement["koulutusmoduuli"]["tunniste"].get("nimi") or {}
            type_names = achievement["tyyppi"].get("nimi") or {}
            names.append(localised(module_names, language) or localised(type_names, language))
    return names


def assert_no_axe_violations(page, axe):
    page.locator("details").evaluate_all("elements => elements.forEach(element => { element.open = true; })")
    results = axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.mark.parametrize("sample", samples.supported_sample_names())
def test_own_record_shows_top_level_names(page, browser_site, axe, sample):
    learner = browser_site.learners[sample]
    expected = top_level_names(learner)

    log_in(page, learner.oid)

    expect(page.locator("html")).to_have_attribute("lang", "fi")
    headings = page.get_by_role("heading", level=4)
    expect(headings).to_have_count(len(expected))
    for name in expected:
        assert name, f"{sample}: the read-back names no top-level achievement"
        expect(page.get_by_role("heading", level=4, name=name).first).to_be_visible()
    assert_no_axe_violations(page, axe)


@pytest.mark.parametrize("sample", [RICH_SAMPLE, LARGE_SAMPLE])
def test_language_switcher_walks_three_languages(page, browser_site, axe, sample):
    learner = browser_site.learners[sample]
    log_in(page, learner.oid)

    for language in ("sv", "en", "fi"):
        switch_language(page, language)

        expect(page).to_have_url(re.compile(r"/omat-tiedot/$"))
        for name in top_level_names(learner, language):
            expect(page.get_by_role("heading", level=4, name=name).first).to_be_visible()
        state = learner.study_rights[0]["tila"]["opiskeluoikeusjaksot"][-1]["tila"]["nimi"]
        expect(page.locator(".study-right .facts dd").filter(has_text=localised(state, language)).first).to_be_visible()
        assert_no_axe_violations(page, axe)


def test_language_choice_stays_after_logging_out(page, browser_site):
    log_in(page, browser_site.learners[RICH_SAMPLE].oid)
    switch_language(page, "sv")

    page.locator("main .page-heading form button[type='submit']").click()

    expect(page).to_have_url(f"{browser_site.base_url}/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.goto("/omat-tiedot/")
    expect(page).to_have_url(re.compile(r"/omat-tiedot/testitunnistautuminen/$"))


def test_keyboard_reaches_skip_link_and_switcher(page, browser_site):
    log_in(page, browser_site.learners[RICH_SAMPLE].oid)

    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert skip_link.evaluate("element => getComputedStyle(element).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.locator(".brand").focus()
    page.keyboard.press("Tab")
    expect(page.locator("#language-select")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(page.locator(".language-switcher button[type='submit']")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def test_parts_open_from_keyboard(page, browser_site):
    log_in(page, browser_site.learners[RICH_SAMPLE].oid)
    summary = page.locator("details > summary").first
    nested_table = page.locator("details").first.locator("table")
    expect(nested_table).to_be_hidden()

    summary.focus()
    page.keyboard.press("Enter")

    expect(nested_table).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/omat-tiedot/testitunnistautuminen/"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_public_page_passes_axe(page, axe, path, language):
    page.goto(path)
    switch_language(page, language)

    assert_no_axe_violations(page, axe)
