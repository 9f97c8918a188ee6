"""A moderator, in English and in Arabic: opens the curation page of a consultation the analysis has run on,
merges two themes, corrects a mandate flag, and sees the result. axe-core on every page."""
import re

import pytest
from playwright.sync_api import expect

from app.insights.models import FlagStatus, Theme, TriageCorrection
from tests.browser.test_moderation_journey import sign_in
from tests.factories import moderator
from tests.insights.factories_insights import curation_world, flag_for, proposal_in

pytestmark = pytest.mark.browser


def world(db):
    consultation, themes, group = curation_world(themes=3, per_theme=2)
    flag = flag_for(proposal_in(consultation, title="Renew residence permits at the town hall",
                                body="The queue at the prefecture is too long."))
    secretariat = moderator(consultation.council)
    return consultation, themes, flag, secretariat


@pytest.mark.parametrize("language", ["en", "ar"])
def test_moderator_curates_themes_and_a_mandate_flag(page, assert_accessible, db, language):
    consultation, themes, flag, secretariat = world(db)
    target, source = themes[0], themes[1]
    sign_in(page, secretariat, language)

    page.goto(f"/consultations/{consultation.id}/curation")
    expect(page.locator(f"#theme-{source.id}")).to_be_visible()
    assert_accessible(page)
    page.locator(f"#merge-source-{source.id}").check()
    page.locator("#merge-target").select_option(str(target.id))
    page.locator("#merge-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(f"#theme-{source.id}")).to_have_count(0)
    expect(page.locator(f"#theme-{target.id} .badge").first).to_contain_text("4")
    db.session.expire_all()
    assert db.session.get(Theme, source.id).merged_into_id == target.id

    card = page.locator(f"#flag-{flag.id}")
    card.locator("summary").click()
    card.locator(f"#flag{flag.id}-level").select_option("municipal")
    card.locator(f"#flag{flag.id}-category").select_option("registration_civil_status")
    card.locator("form:has(select) button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    card = page.locator(f"#flag-{flag.id}")
    overridden = "overridden" if language == "en" else None
    if overridden:
        expect(card).to_contain_text(overridden)
    assert_accessible(page)
    db.session.expire_all()
    changed = db.session.get(type(flag), flag.id)
    assert changed.status == FlagStatus.OVERRIDDEN and changed.effective_level == "municipal"
    assert db.session.query(TriageCorrection).filter_by(proposal_id=flag.proposal_id).count() == 1

    page.goto(f"/consultations/{consultation.id}/curation/themes/{target.id}")
    expect(page).to_have_url(re.compile(rf"/curation/themes/{target.id}$"))
    expect(page.locator(f"#theme-{target.id} li")).to_have_count(4)
    if language == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    assert page.console_errors == []
