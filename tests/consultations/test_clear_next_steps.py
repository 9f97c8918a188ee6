"""Issue 9 on the consultation pages: lists in the order that matters, cards with counts, empty states
that say what happens in this phase, next steps for people who cannot act, supports that can be
withdrawn, and the count after the last vote."""
import re
from html import unescape

import pytest
from sqlalchemy import func, select

from app.consultations import services
from app.consultations.deliberation import services as deliberation
from app.consultations.phases import Phase
from app.consultations.proposals import services as proposals
from app.consultations.proposals.models import Support
from app.organisations.models import Accreditation, MembershipStatus
from tests.conftest import post_form
from tests.factories import (ConsultationFactory, CouncilFactory, MembershipFactory, OrganisationFactory,
                             UserFactory, commissioner, moderator)


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def open_consultation(db):
    consultation = ConsultationFactory(phase="open", title="Night buses", categories=["transport", "housing"],
                                       language="en",
                                       translations={"ar": {"title": "حافلات الليل", "description": "",
                                                            "categories": {"transport": "النقل"}}})
    organisation = OrganisationFactory(council=consultation.council, name="Association of night workers")
    author = MembershipFactory(organisation=organisation, user__display_name="Amina").user
    proposal = proposals.submit_proposal(author, consultation, title="A bus every hour",
                                         body="**Every hour** between midnight and five, on the port line. " * 8,
                                         category="transport", organisation=organisation)
    db.session.commit()
    return consultation, proposal, organisation


def test_list_puts_open_first_then_upcoming_then_answering_then_closed(client, login):
    council = CouncilFactory()
    for phase in ("closed", "analysis", "draft", "deliberation", "open"):
        ConsultationFactory(council=council, phase=phase, title=f"In {phase}")
    login(moderator(council))  # the secretariat also sees its drafts
    html = client.get("/consultations/").get_data(as_text=True)
    order = [html.index(f"In {phase}") for phase in ("deliberation", "open", "draft", "analysis", "closed")]
    assert max(order[:2]) < order[2] < order[3] < order[4]
    stages = [html.index(f'id="stage-{stage}"') for stage in ("open", "upcoming", "answering", "closed")]
    assert stages == sorted(stages)
    assert re.search(r"Proposals until \w+ \d+, \d{4}", html) and "Closed on" in html


def test_consultation_cards_give_counts(client, open_consultation):
    consultation, _, _ = open_consultation
    html = text(client.get("/consultations/").get_data(as_text=True))
    assert "1 proposal 1 organisation fewer than 5 people" in html


def test_proposals_are_cards_with_excerpt_organisation_counts_and_translated_category(client, open_consultation,
                                                                                      db):
    consultation, proposal, _ = open_consultation
    proposals.add_feedback(UserFactory(), proposal, "Yes", "supports")
    proposals.support(MembershipFactory(organisation=proposal.organisation).user, proposal)
    db.session.commit()
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    card = text(html.split('id="proposals"')[1])
    assert "Every hour between midnight and five" in card and "**" not in card and "…" in card
    assert "Amina ( Association of night workers )" in card
    assert "fewer than 5 supports 1 comment" in card and "transport" in card  # 1 support < k = 5, as the API
    client.set_cookie("majlis_lang", "ar")
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert '<span lang="ar" dir="rtl">النقل</span>' in html  # the secretariat's translation of the category
    assert "الإنجليزية" in html and ">en<" not in html  # the language's name, not its code


def test_empty_states_say_what_happens_in_this_phase_with_dates(client):
    analysis = ConsultationFactory(phase="analysis")
    html = text(client.get(f"/consultations/{analysis.id}").get_data(as_text=True))
    assert "No proposal was sent in this consultation." in html
    assert re.search(r"Proposals are closed; the city's answers are due on \w+ \d+, \d{4}", html)
    draft = ConsultationFactory(phase="draft")
    assert draft.next_change() is not None and draft.next_change().phase == Phase.OPEN


@pytest.mark.parametrize("who, says", [
    ("visitor", "take part after signing in"),
    ("unconfirmed", "Confirm your e-mail address to take part"),
    ("no organisation", "Join an accredited organisation of"),
    ("pending request", "is waiting for a representative's answer"),
    ("pending organisation", "is waiting for accreditation by the council's secretariat"),
    ("suspended organisation", "is suspended by the council's secretariat"),
    ("commissioner", "You run or answer this consultation for the council"),
])
def test_people_who_cannot_submit_are_told_why_and_how(client, login, open_consultation, who, says):
    consultation, _, organisation = open_consultation
    council = consultation.council
    people = {
        "unconfirmed": lambda: MembershipFactory(organisation=organisation, user__email_verified_at=None).user,
        "no organisation": UserFactory,
        "pending request": lambda: MembershipFactory(organisation=organisation,
                                                     status=MembershipStatus.PENDING).user,
        "pending organisation": lambda: MembershipFactory(organisation=OrganisationFactory(
            council=council, status=Accreditation.PENDING)).user,
        "suspended organisation": lambda: MembershipFactory(organisation=OrganisationFactory(
            council=council, status=Accreditation.SUSPENDED)).user,
        "commissioner": lambda: commissioner(council),
    }
    if who != "visitor":
        login(people[who]())
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert says in html
    assert f'/consultations/{consultation.id}/proposals/new"' not in html
    if who == "no organisation":
        assert 'href="/organisations/join"' in html


def test_a_participant_sees_no_next_step_but_the_button(client, login, open_consultation):
    consultation, _, organisation = open_consultation
    login(MembershipFactory(organisation=organisation).user)
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert f'/consultations/{consultation.id}/proposals/new"' in html and 'class="next-step' not in html


def test_support_shows_supported_with_an_undo_and_both_are_idempotent(client, login, open_consultation, db):
    consultation, proposal, organisation = open_consultation
    login(MembershipFactory(organisation=organisation).user)
    url = f"/consultations/proposals/{proposal.id}"
    for _ in range(2):  # a double click, or a retry after a timeout
        assert post_form(client, f"{url}/support", {}, form_url=url).status_code == 302
    assert db.session.scalar(select(func.count(Support.id))) == 1
    html = client.get(url).get_data(as_text=True)
    assert "Supported" in html and f'action="{url}/support/withdraw"' in html and f'action="{url}/support"' not in html
    for _ in range(2):
        assert post_form(client, f"{url}/support/withdraw", {}, form_url=url).status_code == 302
    assert db.session.scalar(select(func.count(Support.id))) == 0
    assert f'action="{url}/support"' in client.get(url).get_data(as_text=True)


def test_authors_cannot_support_their_own_proposal(client, login, open_consultation, db):
    _, proposal, _ = open_consultation
    login(proposal.author)
    url = f"/consultations/proposals/{proposal.id}"
    html = client.get(url).get_data(as_text=True)
    assert f'action="{url}/support"' not in html and "You wrote this proposal" in html
    response = post_form(client, f"{url}/support", {}, form_url=url)
    assert response.status_code == 403 and "cannot support your own proposal" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Support.id))) == 0


def test_a_support_cannot_be_withdrawn_once_supports_are_closed(client, login, open_consultation, db):
    consultation, proposal, organisation = open_consultation
    supporter = MembershipFactory(organisation=organisation).user
    proposals.support(supporter, proposal)
    services.set_phase(consultation, Phase.ANALYSIS)
    db.session.commit()
    login(supporter)
    url = f"/consultations/proposals/{proposal.id}"
    assert "/support/withdraw" not in client.get(url).get_data(as_text=True)
    assert post_form(client, f"{url}/support/withdraw", {}, form_url=url).status_code == 409
    assert db.session.scalar(select(func.count(Support.id))) == 1


def test_after_the_last_vote_the_participant_sees_how_many_they_voted_on(client, login, db):
    consultation = ConsultationFactory(phase="deliberation")
    organisation = OrganisationFactory(council=consultation.council)
    statements = [deliberation.add_statement(None, consultation, f"Statement {n}", seeded=True) for n in range(3)]
    db.session.commit()
    login(MembershipFactory(organisation=organisation).user)
    url = f"/consultations/{consultation.id}/vote"
    assert "Statement 1 of 3" in client.get(url).get_data(as_text=True)
    for statement in statements:
        post_form(client, url, {"statement_id": str(statement.id), "choice": "agree"})
    html = client.get(url).get_data(as_text=True)
    assert "You voted on 3 statements in this consultation." in html


def test_statements_cannot_be_seeded_after_voting_closed(client, login, db):
    consultation = ConsultationFactory(phase="analysis")
    login(moderator(consultation.council))
    manage = client.get(f"/consultations/{consultation.id}/manage").get_data(as_text=True)
    assert "/statements/seed" not in manage and "Voting has closed" in manage
    response = post_form(client, f"/consultations/{consultation.id}/statements/seed", {"text": "Too late"},
                         form_url=f"/consultations/{consultation.id}/manage")
    assert response.status_code == 409 and "voting has closed" in response.get_data(as_text=True)
    assert "The statement is added" not in response.get_data(as_text=True)


def test_feedback_field_is_labelled_as_feedback_and_replies_as_replies(client, login, open_consultation, db):
    _, proposal, organisation = open_consultation
    login(MembershipFactory(organisation=organisation).user)
    proposals.add_feedback(proposal.author, proposal, "First!", "neutral")
    db.session.commit()
    html = client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)
    assert re.search(r'<label class="form-label" for="body">Your feedback</label>', html)
    assert re.search(r'<label class="form-label" for="body-\d+">Your reply</label>', html)
