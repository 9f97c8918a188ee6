"""Proposal in French, a reply and a support, keyboard-only voting, and the author's notification."""
import re

import pytest
from playwright.sync_api import expect

from sqlalchemy import select

from app.consultations.deliberation import services as deliberation
from app.consultations import services
from app.consultations.deliberation.models import Vote
from app.consultations.phases import Phase
from tests.factories import PASSWORD, ConsultationFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.browser


def sign_in(browser, live_server, user):
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/account/login")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).not_to_have_url(re.compile("/account/login"))
    return page


def test_propose_reply_support_vote_and_notify(browser, live_server, assert_accessible, db):
    consultation = ConsultationFactory(phase="open", title="Accueillir les nouveaux arrivants", language="fr",
                                       categories=["langue", "logement"])
    organisation = OrganisationFactory(council=consultation.council, name="Association des Ivoiriens")
    amina = MembershipFactory(organisation=organisation, user__language="fr", user__display_name="Amina").user
    youssef = MembershipFactory(organisation=organisation, user__language="ar", user__display_name="يوسف").user
    grace = MembershipFactory(organisation=organisation, user__language="en", user__display_name="Grace").user

    # 1. Amina submits a proposal in French, with the French interface.
    page = sign_in(browser, live_server, amina)
    page.goto(f"/consultations/{consultation.id}")
    assert_accessible(page)
    page.get_by_role("link", name="Déposer une proposition").click()
    assert_accessible(page)
    page.get_by_label("Titre").fill("Un guichet d'accueil multilingue")
    page.get_by_label("Votre proposition").fill("Ouvrir le samedi un guichet avec des interprètes en arabe.")
    page.get_by_label("Catégorie").select_option("langue")
    page.get_by_role("button", name="Publier ma proposition").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Un guichet d'accueil multilingue")
    expect(page.locator(".proposal-text")).to_have_attribute("lang", "fr")  # the title and the body together
    assert_accessible(page)
    proposal_url = page.url

    # 2. Youssef, in Arabic, replies and supports it.
    page = sign_in(browser, live_server, youssef)
    page.goto(proposal_url)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    page.locator("form[action$='/feedback'] #body").fill("فكرة ممتازة، والسبت صباحا مناسب للعائلات.")
    page.locator("form[action$='/feedback'] #stance").select_option("supports")
    page.locator("form[action$='/feedback'] button[type=submit]").last.click()
    expect(page.get_by_text("فكرة ممتازة")).to_be_visible()
    page.get_by_role("button", name="دعم هذا المقترح").click()
    # one support, under the council's k (5): the count is not published, only "fewer than 5"
    expect(page.locator("#supports-title")).to_contain_text("أقل من 5")
    expect(page.locator(".supported")).to_be_visible()  # and Youssef is told his support counts
    assert_accessible(page)

    # 3. Grace votes on five statements with the keyboard only.
    services.set_phase(consultation, Phase.DELIBERATION)
    statements = [deliberation.add_statement(None, consultation, f"Statement number {n}", seeded=True) for n in range(5)]
    db.session.commit()
    page = sign_in(browser, live_server, grace)
    page.goto(f"/consultations/{consultation.id}/vote")
    assert_accessible(page)
    for n, keys in enumerate([["Space"], ["ArrowRight"], ["ArrowRight", "ArrowRight"], ["Space"], ["ArrowRight"]]):
        expect(page.locator("legend")).to_have_text(statements[n].text)
        expect(page.locator("#choice-agree")).to_be_focused()  # the page puts the focus on the choices
        for key in keys:
            page.keyboard.press(key)
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Record my vote")).to_be_focused()
        page.keyboard.press("Enter")
    expect(page.get_by_text("You have voted on every statement")).to_be_visible()
    assert_accessible(page)
    votes = {v.statement_id: v.value for v in db.session.scalars(select(Vote).where(Vote.user_id == grace.id))}
    assert [votes[s.id] for s in statements] == [1, -1, 0, 1, -1]  # agree, disagree, pass, agree, disagree

    # 4. Amina sees the notification of Youssef's reply.
    page = sign_in(browser, live_server, amina)
    badge = page.get_by_role("link", name=re.compile("Notifications"))
    expect(badge).to_contain_text("1")
    badge.click()
    expect(page.get_by_role("link", name=re.compile("Nouveau commentaire sur la proposition"))).to_be_visible()
    assert_accessible(page)
