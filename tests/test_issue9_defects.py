"""One test per defect a new user met (issue 9), where no feature test already covers it."""
import re

from sqlalchemy import select

from app.accounts.models import User
from app.consultations.proposals import services as proposals
from app.organisations.models import Accreditation
from app.organisations.permissions import can_request_membership
from tests.conftest import post_form
from tests.factories import (ConsultationFactory, CouncilFactory, MembershipFactory, OrganisationFactory,
                             UserFactory, admin, moderator)

REGISTRATION = {"display_name": "Awa", "email": "awa@example.org", "password": "a long passphrase",
                "confirm": "a long passphrase", "language": "en"}


def test_language_names_come_from_babel_not_codes(client, login, db):
    consultation = ConsultationFactory(phase="open")
    author = MembershipFactory(organisation=OrganisationFactory(council=consultation.council)).user
    proposal = proposals.submit_proposal(author, consultation, title="Bus", body="More buses", language="fr")
    db.session.commit()
    page = client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)
    assert "Language: French" in page and "Language: fr" not in page
    client.set_cookie("majlis_lang", "ar")
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    options = re.search(r'<select id="language".*?</select>', page, re.S).group(0)
    assert ">الفرنسية<" in options and ">Français<" not in options and ">fr<" not in options
    login(author)
    post_form(client, "/language/ar", {}, form_url="/")  # a signed-in person's saved language wins over the cookie
    form = client.get(f"/consultations/{consultation.id}/proposals/new").get_data(as_text=True)
    assert '<option value="ca">الكتالانية</option>' in form


def test_a_pending_organisation_is_not_offered_suspend(client, login):
    council = CouncilFactory()
    pending = OrganisationFactory(council=council, status=Accreditation.PENDING, name="Waiting")
    accredited = OrganisationFactory(council=council, name="Working")
    login(moderator(council))
    html = client.get("/moderation/organisations").get_data(as_text=True)
    rows = {org.id: html.split(f"/moderation/organisations/{org.id}/status")[1].split("</tr>")[0]
            for org in (pending, accredited)}
    assert "Accredit" in rows[pending.id] and 'value="suspended"' not in rows[pending.id]
    assert 'value="suspended"' in rows[accredited.id]


def test_moderators_are_not_offered_to_join_or_shown_the_representatives_heading(client, login):
    organisation = OrganisationFactory()
    secretariat = moderator(organisation.council)
    assert not can_request_membership(secretariat, organisation)
    login(secretariat)
    html = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "Ask to join" not in html and "For representatives" not in html
    assert "For the council's secretariat" in html
    assert "Ask to join" not in client.get("/organisations/join").get_data(as_text=True)


def test_a_representative_is_shown_as_representative(client, login):
    membership = MembershipFactory(is_representative=True)
    login(membership.user)
    html = client.get(f"/organisations/{membership.organisation_id}").get_data(as_text=True)
    assert "Your membership: <strong>representative</strong>" in html
    assert "For representatives" in html
    assert "representative" in client.get("/account/profile").get_data(as_text=True)


def test_registration_asks_consent_and_says_legal_status_is_never_asked(client, db):
    page = client.get("/account/register").get_data(as_text=True)
    assert "We never ask about your legal status" in page and 'href="/privacy"' in page
    assert "under your organisation's name only" in page
    refused = post_form(client, "/account/register", REGISTRATION)
    assert refused.status_code == 422 and "Please accept the privacy notice" in refused.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None
    assert post_form(client, "/account/register", {**REGISTRATION, "accept_privacy": "y"}).status_code == 302
    assert db.session.scalar(select(User)).privacy_accepted_at is not None


def test_an_unconfirmed_person_can_ask_for_the_link_again_from_the_profile(client, login, db):
    from app.mail.models import OutboxMessage

    person = login(UserFactory(email_verified_at=None))
    page = client.get("/account/profile").get_data(as_text=True)
    assert 'action="/account/verify/resend"' in page
    assert post_form(client, "/account/verify/resend", {}, form_url="/account/profile").status_code == 302
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == person.email))


def test_the_user_table_stacks_on_a_phone_with_every_value_labelled(client, login):
    UserFactory(display_name="Someone")
    login(admin())
    html = client.get("/account/users").get_data(as_text=True)
    assert 'class="table align-middle table-stack"' in html
    cells = re.findall(r"<td( data-label=\"[^\"]+\")?", html)
    assert cells and all(label for label in cells)
