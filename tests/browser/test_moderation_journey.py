"""A moderator, in English and in Arabic: accredits an organisation, hides a reported proposal (and the
author sees why), reads the representativeness dashboard (charts and tables), and runs a fair selection
with a published seed. axe-core on every page."""
import hashlib
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from app.consultations.proposals import services as proposals
from app.moderation import reference, reports
from app.organisations.models import Accreditation
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory, PASSWORD, moderator

pytestmark = pytest.mark.browser

CATEGORIES = b"category,feature,min,max\ngender,w,2,3\ngender,m,2,3\n"
RESPONDENTS = ("id,gender\n" + "\n".join(f"v{i},{'w' if i % 2 else 'm'}" for i in range(10))).encode()
PUBLISHED = "National lottery, 1 December: 5 11 23 38 42"


def world(db):
    consultation = ConsultationFactory(phase="open")
    council = consultation.council
    secretariat = moderator(council)
    pending = OrganisationFactory(council=council, name="Collectif Zénith", status=Accreditation.PENDING)
    accredited = OrganisationFactory(council=council)
    author = MembershipFactory(organisation=accredited).user
    reader = MembershipFactory(organisation=accredited).user
    proposal = proposals.submit_proposal(author, consultation, title="Cheap phones here", body="Call 0000 today")
    reports.report(reader, proposal, "spam")
    dimension = reference.save_dimension(council, secretariat, kind="gender", label="", source="City profile",
                                         source_date=date(2024, 1, 1), groups_text="Women: 50\nMen: 50")
    for person in (author, reader):
        reference.declare(person, dimension, dimension.groups[0].id)
    db.session.commit()
    return council, secretariat, pending, author, proposal


def sign_in(page, user, language):
    page.goto("/account/login")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form:has(#password) button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/account/login"))
    if language == "ar":
        page.locator(".language-menu .dropdown-toggle").click()  # the language menu in the header
        page.locator("button[formaction='/language/ar']").click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")


def sign_out(page):
    page.locator(".site-header .dropdown-toggle:has(.account-name)").click()  # the account menu
    page.locator("form[action='/account/logout'] button").click()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_moderator_journey(page, assert_accessible, db, language):
    council, secretariat, pending, author, proposal = world(db)
    sign_in(page, secretariat, language)

    page.goto("/moderation/organisations")
    assert_accessible(page)
    row = page.locator("tr", has_text="Collectif Zénith")
    expect(row.locator("button[value=rejected]")).to_be_visible()
    row.locator("button[value=accredited]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(type(pending), pending.id).status == Accreditation.ACCREDITED

    page.goto(f"/moderation/councils/{council.id}/reports")
    assert_accessible(page)
    page.locator(f"#reason-hide-proposal-{proposal.id}").fill("Advertising, not a proposal")
    page.locator(f"form[action$='/proposal/{proposal.id}/hide'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()

    page.goto(f"/moderation/councils/{council.id}/dashboard")
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.locator("table").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"/moderation/councils/{council.id}/selections")
    assert_accessible(page)
    page.locator("#title").fill("Speaking slots")
    page.locator("#panel_size").fill("4")
    page.locator("#categories").set_input_files({"name": "categories.csv", "mimeType": "text/csv", "buffer": CATEGORIES})
    page.locator("#respondents").set_input_files({"name": "respondents.csv", "mimeType": "text/csv",
                                                  "buffer": RESPONDENTS})
    page.locator("#announcement").fill("The national lottery numbers of 1 December")
    page.locator("form[enctype] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/moderation/selections/\d+$"))
    assert_accessible(page)
    page.locator("#public_value").fill(PUBLISHED)
    page.locator("form:has(#public_value) button[type=submit]").click()
    expect(page.get_by_text(hashlib.sha256(PUBLISHED.encode()).hexdigest())).to_be_visible()
    assert_accessible(page)

    sign_out(page)
    sign_in(page, author, language)
    page.goto(f"/consultations/proposals/{proposal.id}")
    expect(page.get_by_text("Advertising, not a proposal")).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []
