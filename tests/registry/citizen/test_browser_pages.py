"""Every citizen and public page in Debian's Chromium, in fi, sv and en: axe-core, share links, downloads.

A learner logs in through the test identification page, walks every page in each language with
axe-core, creates, opens, extends and revokes a share link, and downloads the PDF transcript, the
shared PDF and the JSON file. Controls are found by id, name and form structure, so the checks
hold once the fi and sv catalogues translate the pages.
"""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from playwright.sync_api import expect

from tests.registry.citizen.records import pdf_text
from tests.registry.citizen.test_browser import (  # noqa: F401 (fixtures)
    LANGUAGES,
    RICH_SAMPLE,
    assert_no_axe_violations,
    axe,
    browser,
    log_in,
    page,
    switch_language,
)

pytestmark = pytest.mark.browser

SHARE_URL = re.compile(r"^http://127\.0\.0\.1:\d+/jako/[A-Za-z0-9_-]{43}/$")
# Names of the rich sample's qualification, as the national code set gives them.
QUALIFICATION_NAMES = {
    "fi": "Luonto- ja ympäristöalan perustutkinto",
    "sv": "Grundexamen i natur och miljö",
    "en": "Vocational qualification in Natural and Environmental Protection",
}


def create_link_with_keyboard(page):
    """Create a link of the first study right with the keyboard only; return the address the page shows."""
    page.goto("/omat-tiedot/jaot/")
    page.locator("form.share-form input[name='study_rights']").first.focus()
    page.keyboard.press("Space")
    expect(page.locator("form.share-form input[name='study_rights']").first).to_be_checked()
    page.locator("form.share-form button[type='submit']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#share-url")).to_be_visible()
    url = page.locator("#share-url").input_value()
    assert SHARE_URL.match(url), url
    return url


def open_anonymously(browser, browser_site, url, language="fi"):
    """Open `url` in a new browser context without the learner's session; return (status, page, context)."""
    context = browser.new_context(base_url=browser_site.base_url, locale=f"{language}-FI",
                                  extra_http_headers={"Accept-Language": language})
    viewer = context.new_page()
    response = viewer.goto(url)
    return response.status, viewer, context


def link_row(page, index=0):
    return page.locator("table.links tbody tr").nth(index)


def test_every_page_passes_axe_in_three_languages(page, browser, browser_site, axe):
    learner = browser_site.learners[RICH_SAMPLE]
    log_in(page, learner.oid)
    share_url = create_link_with_keyboard(page)
    status, viewer, context = open_anonymously(browser, browser_site, share_url)
    assert status == 200
    context.close()

    for language in LANGUAGES:
        page.goto("/omat-tiedot/")
        switch_language(page, language)
        expect(page.get_by_role("heading", level=4, name=QUALIFICATION_NAMES[language])).to_be_visible()
        assert_no_axe_violations(page, axe)

        page.locator("a[href*='/tutkinnon-perusteet/']").first.click()
        expect(page).to_have_url(re.compile(r"/tutkinnon-perusteet/\d+/$"))
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        expect(page.locator(".unit")).not_to_have_count(0)
        assert_no_axe_violations(page, axe)

        for path in ("/omat-tiedot/jaot/", "/omat-tiedot/kuka-on-katsonut/", "/saavutettavuusseloste/", share_url):
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.get_by_role("heading", level=1)).to_have_count(1)
            assert_no_axe_violations(page, axe)

        page.goto("/omat-tiedot/kuka-on-katsonut/")
        expect(page.locator(".access-group")).not_to_have_count(0)

        create_link_with_keyboard(page)
        assert_no_axe_violations(page, axe)


def test_share_form_errors_pass_axe(page, browser_site, axe):
    log_in(page, browser_site.learners[RICH_SAMPLE].oid)
    page.goto("/omat-tiedot/jaot/")

    page.locator("form.share-form button[type='submit']").click()

    expect(page.locator(".error-summary")).to_be_visible()
    assert page.locator("form.share-form input[name='study_rights']:checked").count() == 0
    assert_no_axe_violations(page, axe)


def test_share_link_create_open_extend_revoke(page, browser, browser_site):
    log_in(page, browser_site.learners[RICH_SAMPLE].oid)
    url = create_link_with_keyboard(page)

    status, viewer, context = open_anonymously(browser, browser_site, url, "en")
    assert status == 200
    expect(viewer.get_by_role("heading", level=4, name=QUALIFICATION_NAMES["en"])).to_be_visible()
    json_status = viewer.goto(url + "json/").status
    context.close()
    assert json_status == 200

    page.goto("/omat-tiedot/jaot/")
    newest = link_row(page)
    expect(newest.locator("td").nth(2)).to_have_text("2")
    new_day = (datetime.date.today() + datetime.timedelta(days=300)).isoformat()
    newest.locator("input[type='date']").fill(new_day)
    newest.locator("form[action$='/voimassaolo/'] button").click()
    expect(page).to_have_url(re.compile(r"/omat-tiedot/jaot/$"))
    day, month, year = new_day.split("-")[2], new_day.split("-")[1], new_day.split("-")[0]
    expect(link_row(page).locator("td").nth(1)).to_have_text(f"{int(day)}.{int(month)}.{year}")

    link_row(page).locator("form[action$='/peru/'] button").click()
    expect(page).to_have_url(re.compile(r"/omat-tiedot/jaot/$"))
    expect(link_row(page).locator("form")).to_have_count(0)

    status, _viewer, context = open_anonymously(browser, browser_site, url)
    context.close()
    assert status == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_transcript_pdf_downloads(page, browser_site, tmp_path, language):
    learner = browser_site.learners[RICH_SAMPLE]
    log_in(page, learner.oid)

    page.locator(".record-actions select").select_option(language)
    with page.expect_download() as download_info:
        page.locator(".record-actions form button[type='submit']").click()
    path = Path(tmp_path) / "transcript.pdf"
    download_info.value.save_as(path)

    text = pdf_text(path.read_bytes())
    assert QUALIFICATION_NAMES[language] in text
    assert re.search(r"/jako/[A-Za-z0-9_-]{43}/", text), text[:500]


def test_shared_pdf_download(page, browser_site, tmp_path):
    log_in(page, browser_site.learners[RICH_SAMPLE].oid)
    create_link_with_keyboard(page)

    with page.expect_download() as pdf_info:
        page.locator("#share-link-pdf").click()
    pdf_path = Path(tmp_path) / "shared.pdf"
    pdf_info.value.save_as(pdf_path)

    assert QUALIFICATION_NAMES["fi"] in pdf_text(pdf_path.read_bytes())


def test_my_data_json_download(page, browser_site, tmp_path):
    learner = browser_site.learners[RICH_SAMPLE]
    log_in(page, learner.oid)

    with page.expect_download() as download_info:
        page.locator(".record-actions a[download]").click()
    path = Path(tmp_path) / "data.json"
    download_info.value.save_as(path)

    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["henkilö"]["oid"] == learner.oid
    assert [item["oid"] for item in document["opiskeluoikeudet"]] == [item["oid"] for item in learner.study_rights]


def test_keyboard_uses_menu_and_transcript_form(page, browser_site, tmp_path):
    log_in(page, browser_site.learners[RICH_SAMPLE].oid)

    menu_links = page.locator(".citizen-nav a")
    menu_links.first.focus()
    page.keyboard.press("Tab")
    expect(menu_links.nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/omat-tiedot/jaot/$"))
    expect(page.locator(".citizen-nav a[aria-current='page']")).to_have_attribute("href", "/omat-tiedot/jaot/")

    page.goto("/omat-tiedot/")
    page.locator(".record-actions select").focus()
    page.keyboard.press("End")
    expect(page.locator(".record-actions select")).to_have_value(LANGUAGES[-1])
    page.keyboard.press("Tab")
    expect(page.locator(".record-actions form button[type='submit']")).to_be_focused()
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    path = Path(tmp_path) / "transcript.pdf"
    download_info.value.save_as(path)

    assert QUALIFICATION_NAMES[LANGUAGES[-1]] in pdf_text(path.read_bytes())


# Pages that the browser site cannot reach: the Suomi.fi login's outcomes need a provider, and the
# transcript's error page needs a request that the form does not send.
UNREACHABLE_PAGES = {
    "citizen/login_failed.html": {},
    "citizen/no_records.html": {},
    "citizen/login_unavailable.html": {},
    "citizen/request_failed.html": {"errors": ["Select a valid choice. de is not one of the available choices."]},
}


@pytest.mark.parametrize("template", sorted(UNREACHABLE_PAGES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_unreachable_pages_pass_axe(page, axe, template, language):
    """Render the page in this process and load it into a page of the site, so its stylesheet applies."""
    request = RequestFactory().get("/omat-tiedot/")
    with translation.override(language):
        html = render_to_string(template, UNREACHABLE_PAGES[template], request=request)
    page.goto("/saavutettavuusseloste/")

    page.set_content(html)

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_no_axe_violations(page, axe)
