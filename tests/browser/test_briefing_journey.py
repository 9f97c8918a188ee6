"""A commissioner, in English and in Arabic, opens the briefing of a consultation in the response phase,
reads its sections (outside-mandate items under their authority), sees the page print without navigation,
and downloads the PDF. axe-core on the page."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_moderation_journey import sign_in
from tests.factories import commissioner
from tests.insights.test_briefing import world

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ar"])
def test_commissioner_reads_the_briefing_and_downloads_the_pdf(page, assert_accessible, db, language):
    w = world(phase="analysis")  # before the response phase: commissioners prepare it
    reader = commissioner(w.council)
    sign_in(page, reader, language)

    page.goto(f"/consultations/{w.consultation.id}/briefing")
    expect(page.locator("h1")).to_contain_text(w.consultation.title)
    referral = page.locator("#referral-1")
    expect(referral.locator("h3")).to_have_text("Ministry of the Interior")
    expect(referral.get_by_role("link", name=w.p.permits.title)).to_be_visible()
    expect(referral.locator("textarea")).to_have_value(re.compile("Ministry of the Interior"))
    expect(page.get_by_text("Zanzibar hidden plea")).to_have_count(0)
    assert_accessible(page)

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".briefing-downloads")).to_be_hidden()
    page.emulate_media(media="screen")

    pdf_link = page.locator(f"a[href$='/consultations/{w.consultation.id}/briefing.pdf']")
    with page.expect_download() as info:
        pdf_link.click()
    download = info.value
    with open(download.path(), "rb") as saved:
        data = saved.read()
    assert data.startswith(b"%PDF") and len(data) > 1000
    response = page.request.get(pdf_link.get_attribute("href"))  # the same request, to read its headers
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert len(response.body()) > 1000
    assert page.console_errors == []
