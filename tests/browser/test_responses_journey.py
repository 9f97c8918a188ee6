"""The city answers, in English and in Arabic: a commissioner answers a theme (with a commitment) and one
single proposal, a second commissioner publishes; the author of another proposal in that theme reads the
answer and the commitment on their proposal page and in their notifications; "you said, we did" shows it;
the commitment later becomes overdue and every page says so. axe-core on every page.

Selectors are ids, form actions and data, not UI words, so the journey reads the same in both languages."""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.consultations.proposals import services as proposals
from app.insights.models import Theme, ThemeMember
from app.responses.models import Commitment, Response
from app.responses.queries import council_today
from tests.factories import (PASSWORD, ConsultationFactory, CouncilFactory, MembershipFactory, OrganisationFactory,
                             commissioner)

pytestmark = pytest.mark.browser

REASON = "Two night lines will run from June: the budget is voted."
SINGLE_REASON = "The library will open on Sundays from next month."
COMMITMENT = "Open two night bus lines"


def world(db):
    council = CouncilFactory(time_zone="Africa/Tunis")
    consultation = ConsultationFactory(council=council, phase="response", title="Getting around at night")
    organisation = OrganisationFactory(council=council)
    first = MembershipFactory(organisation=organisation).user
    reader = MembershipFactory(organisation=organisation).user
    in_theme = [proposals.submit_proposal(first, consultation, title="Night buses", body="Buses after midnight"),
                proposals.submit_proposal(reader, consultation, title="Safer bus stops", body="Light at stops")]
    single = proposals.submit_proposal(first, consultation, title="Library on Sunday", body="Open on Sundays")
    theme = Theme(consultation_id=consultation.id, name="Night transport", quotes=[in_theme[0].id])
    db.session.add(theme)
    db.session.flush()
    for proposal in in_theme:
        db.session.add(ThemeMember(theme_id=theme.id, proposal_id=proposal.id))
    db.session.commit()
    return council, consultation, theme, in_theme, single, reader, commissioner(council), commissioner(council)


def sign_in(page, user, language):
    page.goto("/account/login")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form:has(#password) button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/account/login"))
    if language == "ar":
        page.locator(".language-menu .dropdown-toggle").click()
        page.locator("button[formaction='/language/ar']").click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")


def sign_out(page):
    page.locator(".site-header .dropdown-toggle:has(.account-name)").click()
    page.locator("form[action='/account/logout'] button").click()


def draft(page, consultation, target: str, decision: str, reason: str):
    page.goto(f"/consultations/{consultation.id}/responses")
    page.locator(f"a[href*='/responses/new?{target}']").click()
    page.locator("#decision").select_option(decision)
    page.locator("#reason").fill(reason)
    page.locator("form:has(#reason) button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/responses/\d+$"))
    return page.url


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_theme_answered_published_read_and_overdue(page, assert_accessible, db, language):
    council, consultation, theme, in_theme, single, reader, drafter, reviewer = world(db)

    # 1. A commissioner answers the theme, with a commitment, and a single proposal; both go to review.
    sign_in(page, drafter, language)
    page.goto(f"/consultations/{consultation.id}/responses")
    assert_accessible(page)
    theme_url = draft(page, consultation, f"theme={theme.id}", "accepted", REASON)
    page.locator("details:has(#what) summary").click()
    page.locator("#what").fill(COMMITMENT)
    page.locator("#department").fill("Transport")
    page.locator("#due_date").fill((council_today(council.time_zone) + timedelta(days=90)).isoformat())
    page.locator("form:has(#what) button[type=submit]").click()
    expect(page.get_by_text(COMMITMENT)).to_be_visible()
    assert_accessible(page)
    page.locator("form[action$='/submit'] button").click()
    expect(page.locator("form[action$='/publish']")).to_have_count(0)  # not for the drafter
    single_url = draft(page, consultation, f"proposal={single.id}", "accepted", SINGLE_REASON)
    page.locator("form[action$='/submit'] button").click()
    sign_out(page)

    # 2. A second commissioner reviews and publishes both.
    sign_in(page, reviewer, language)
    for url in (theme_url, single_url):
        page.goto(url)
        assert_accessible(page)
        page.locator("form[action$='/publish'] button").click()
        expect(page.locator(".alert-success")).to_be_visible()
        expect(page.locator("#decision-title .decision-accepted")).to_be_visible()
    sign_out(page)

    # 3. The author of another proposal in the theme reads the answer, the commitment and the notification.
    sign_in(page, reader, language)
    page.goto(f"/consultations/proposals/{in_theme[1].id}")
    trail = page.locator("section.trail")
    expect(trail.get_by_text(REASON)).to_be_visible()
    expect(trail.get_by_text(COMMITMENT)).to_be_visible()
    expect(trail.locator(".overdue")).to_have_count(0)
    assert_accessible(page)
    page.goto("/notifications")
    theme_path = re.search(r"/responses/\d+$", theme_url).group(0)
    expect(page.locator(f"a[href='{theme_path}']")).to_have_count(1)  # one notification for this answer
    expect(page.get_by_text("Night transport")).to_be_visible()
    assert_accessible(page)

    # 4. The public "you said, we did" page shows the theme, the decision and the commitment.
    page.goto(f"/consultations/{consultation.id}/you-said-we-did")
    report = page.locator(f"#theme-{theme.id}")
    expect(report.get_by_text(REASON)).to_be_visible()
    expect(report.get_by_text(COMMITMENT)).to_be_visible()
    expect(page.get_by_text(SINGLE_REASON)).to_be_visible()
    assert_accessible(page)

    # 5. Time passes: the due date is yesterday in the council's city. Every page says overdue.
    commitment = db.session.query(Commitment).join(Response).filter(Response.theme_id == theme.id).one()
    commitment.due_date = council_today(council.time_zone) - timedelta(days=1)
    db.session.commit()
    for url in (f"/consultations/proposals/{in_theme[1].id}", f"/consultations/{consultation.id}/you-said-we-did",
                f"/councils/{council.id}/accountability", theme_url):
        page.goto(url)
        expect(page.locator(f"#commitment-{commitment.id} .overdue")).to_be_visible()
        assert_accessible(page)
    assert page.console_errors == []
