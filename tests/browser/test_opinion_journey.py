"""A participant, in English and in Arabic, votes on every statement, sees the opinion map without a
place on it, and after the next run finds "you are here" in their group; keyboard and axe-core throughout."""
import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.insights.opinion_world import deliberating, participant, snapshot_now, voters

pytestmark = pytest.mark.browser


def sign_in(page, user):
    page.goto("/account/login")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form:has(#password) button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/account/login"))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_participant_votes_and_finds_themself_on_the_opinion_map(page, assert_accessible, db, language):
    consultation, statements = deliberating()
    voters(consultation, statements, {"A": 8, "B": 6})
    snapshot_now(consultation)  # the secretariat's last run, before this participant voted
    amina = participant(consultation, language=language)

    sign_in(page, amina)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    page.goto(f"/consultations/{consultation.id}")
    expect(page.locator("#opinion-map svg ellipse")).to_have_count(2)  # the map, without her
    expect(page.locator("#opinion-you")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"/consultations/{consultation.id}/vote")
    for n, statement in enumerate(statements):  # camp A's way, with the keyboard
        expect(page.locator("legend")).to_have_text(statement.text)
        choice = {1: "agree", -1: "disagree", 0: "pass"}[[1, 1, -1, -1, 1, 1, 0, 0][n]]
        page.locator(f"#choice-{choice}").check()
        page.keyboard.press("Tab")  # from the choice to "Record my vote"
        page.keyboard.press("Enter")
    expect(page.locator("#opinion-map")).to_be_visible()  # the map, after the last statement
    expect(page.locator(".opinion-you-status")).to_be_visible()  # "your votes will place you… next update"
    expect(page.locator("#opinion-you")).to_have_count(0)
    assert_accessible(page)

    snapshot = snapshot_now(consultation)  # the next run of the analysis
    assert str(amina.id) in snapshot.points
    page.reload()
    you = page.locator("#opinion-you")
    expect(you).to_have_count(1)
    expect(page.locator(".opinion-you-status")).to_contain_text("1")  # in group 1, camp A's
    expect(page.locator("#opinion-group-1 .badge")).to_be_visible()  # "your group" in the table alternative
    expect(page.locator("table.opinion-groups-table tbody tr")).to_have_count(2)

    region = page.locator("a.opinion-region[href='#opinion-group-1']")
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#opinion-group-1$"))
    assert_accessible(page)

    page.goto(f"/consultations/{consultation.id}/opinion")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#opinion-you")).to_have_count(1)
    assert_accessible(page)
    assert page.console_errors == []  # nothing refused by the CSP
