"""The public pages of issue 9: a home page that shows what is happening, about, privacy, contact."""
import re
from html import unescape

import pytest

from app.consultations.proposals import services as proposals
from app.extensions import db as _db
from app.organisations.models import Accreditation, MembershipStatus
from tests.factories import (ConsultationFactory, CouncilFactory, MembershipFactory, OrganisationFactory,
                             UserFactory, moderator)


def text(html: str) -> str:
    """The page's words without tags, for sentences that cross elements."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_home_shows_councils_open_consultations_with_phase_date_and_counts(client):
    consultation = ConsultationFactory(phase="open", title="Night buses", council__name="Sfax migrant council",
                                       translations={"fr": {"title": "Bus de nuit", "description": ""}})
    ConsultationFactory(phase="closed", title="An old one", council=consultation.council)
    organisation = OrganisationFactory(council=consultation.council)
    author = MembershipFactory(organisation=organisation).user
    proposals.submit_proposal(author, consultation, title="More buses", body="At night", organisation=organisation)
    _db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Sfax migrant council" in html and "Night buses" in html and "An old one" not in html
    assert "open for proposals" in html and re.search(r"Proposals until \w+ \d+, \d{4}", html)
    assert "1 proposal 1 organisation fewer than 5 people" in text(html)  # one person: under k, not shown
    client.set_cookie("majlis_lang", "fr")
    assert '<a href="/consultations/%d" lang="fr" dir="ltr">Bus de nuit</a>' % consultation.id \
        in client.get("/").get_data(as_text=True)


def test_home_explains_the_seven_phases_and_says_honestly_that_no_answer_is_published(client):
    html = text(client.get("/").get_data(as_text=True))
    for phase in ("Draft", "Open for proposals", "Deliberation", "Analysis", "Response", "Follow-up", "Closed"):
        assert phase in html
    assert "The city has not published an answer yet" in html


@pytest.mark.parametrize("who, offered", [
    ("visitor", "Create an account"),
    ("unconfirmed", "Send the link again"),
    ("no organisation", "Join your organisation"),
    ("pending organisation", "is waiting for accreditation by the council's secretariat"),
    ("participant", "Take part in a consultation"),
])
def test_home_call_to_action_matches_what_the_reader_may_do(client, login, who, offered):
    council = CouncilFactory()
    people = {"unconfirmed": lambda: UserFactory(email_verified_at=None),
              "no organisation": UserFactory,
              "pending organisation": lambda: MembershipFactory(organisation=OrganisationFactory(
                  council=council, status=Accreditation.PENDING)).user,
              "participant": lambda: MembershipFactory(organisation=OrganisationFactory(council=council)).user}
    if who != "visitor":
        login(people[who]())
    assert offered in client.get("/").get_data(as_text=True)


def test_about_privacy_and_contact_are_linked_from_every_page_footer(client):
    footer = client.get("/consultations/").get_data(as_text=True).split("<footer", 1)[1]
    for path in ("/about", "/privacy", "/contact"):
        assert f'href="{path}"' in footer
        assert client.get(path).status_code == 200


def test_privacy_page_says_what_the_code_does(client):
    html = text(client.get("/privacy").get_data(as_text=True))
    assert "We never ask about your legal status" in html
    assert "first written to the site's database" in html  # the e-mail outbox
    assert "for at most one hour" in html and "not written to the database or to the site's logs" in html
    assert "answering will be optional" in html  # demographics
    assert "former participant" in html  # what stays after an account is deleted


def test_contact_page_lists_each_council_secretariat_and_the_operator(client, app):
    CouncilFactory(name="Sfax council", contact_email="secretariat@sfax.example", contact_phone="+216 1")
    CouncilFactory(name="Quiet council")
    app.config["CONTACT_EMAIL"] = "operator@majlis.example"
    try:
        html = client.get("/contact").get_data(as_text=True)
    finally:
        app.config["CONTACT_EMAIL"] = None
    assert 'href="mailto:secretariat@sfax.example"' in html and "+216 1" in html
    assert "The secretariat has not published a contact yet." in html
    assert 'href="mailto:operator@majlis.example"' in html


def test_members_only_page_tells_a_visitor_to_sign_in(client, login):
    consultation = ConsultationFactory(phase="open", visibility="members")
    draft = ConsultationFactory(phase="draft")
    for hidden in (consultation, draft):
        response = client.get(f"/consultations/{hidden.id}")
        assert response.status_code == 404 and "Sign in to see them" in response.get_data(as_text=True)
    login(UserFactory())
    assert "Sign in to see them" not in client.get(f"/consultations/{consultation.id}").get_data(as_text=True)


def test_pending_membership_request_is_explained_on_the_home_page(client, login):
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation, status=MembershipStatus.PENDING).user
    login(member)
    html = client.get("/").get_data(as_text=True)
    assert f"Your request to join <bdi>{organisation.name}</bdi> is waiting" in html


def test_a_moderator_is_offered_the_accreditation_queue(client, login):
    login(moderator(CouncilFactory()))
    assert 'href="/moderation/organisations"' in client.get("/").get_data(as_text=True).split("</header>")[1]
