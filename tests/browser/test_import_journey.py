"""A moderator, in English and in Arabic, imports proposals from a file: from the consultation's manage
page to the preview, then the confirmation, and the proposals on the consultation page. axe-core on the
import page."""
import pytest
from playwright.sync_api import expect

from tests.browser.test_moderation_journey import sign_in
from tests.factories import ConsultationFactory, OrganisationFactory, moderator

pytestmark = pytest.mark.browser

FILE = ("id,title,texte,organisation\n"
        "f1,Night buses to the airport,Buses every hour at night from the centre.,Amal\n"
        "f2,مكتب استقبال للمهاجرين,نقترح مكتبا لاستقبال القادمين الجدد في البلدية,\n").encode()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_moderator_imports_a_file_after_a_preview(page, assert_accessible, db, language):
    consultation = ConsultationFactory(phase="open")
    OrganisationFactory(council=consultation.council, name="Amal")
    secretariat = moderator(consultation.council)
    db.session.commit()
    sign_in(page, secretariat, language)

    page.goto(f"/consultations/{consultation.id}/manage")
    page.locator(f"a[href='/consultations/{consultation.id}/import']").click()
    page.locator("#file").set_input_files(files=[{"name": "paper-forms.csv", "mimeType": "text/csv",
                                                  "buffer": FILE}])
    page.locator("#body_col").fill("texte")
    page.locator("#organisation_col").fill("organisation")
    page.locator("form[enctype] button[type=submit]").click()

    preview = page.locator("table")
    expect(preview).to_contain_text("Night buses to the airport")
    expect(preview).to_contain_text("مكتب استقبال للمهاجرين")
    expect(preview).to_contain_text("Amal")
    assert_accessible(page)

    page.locator(f"form[action='/consultations/{consultation.id}/import/confirm'] button").click()
    expect(page).to_have_url(f"{page.url.split('/consultations/')[0]}/consultations/{consultation.id}")
    expect(page.locator("main")).to_contain_text("Night buses to the airport")
    expect(page.locator("main")).to_contain_text("مكتب استقبال للمهاجرين")
    assert page.console_errors == []
