"""Creating, editing and joining organisations."""
from sqlalchemy import select

from app.organisations.models import Accreditation, Membership, MembershipStatus, Organisation
from tests.conftest import post_form
from tests.factories import CouncilFactory, MembershipFactory, OrganisationFactory, UserFactory

PROFILE = {"name": "Sudanese Women of Tunis", "type": "community_group", "description": "Mutual help",
           "communities_served": "Sudanese, Eritrean;  Sudanese", "languages_served": "Arabic, English",
           "neighbourhoods": "Lafayette", "membership_band": "11-50", "funding_sources": "Members"}


def test_founder_creates_pending_organisation_and_represents_it(client, login, db):
    council = CouncilFactory()
    founder = login(UserFactory())
    response = post_form(client, "/organisations/new", {**PROFILE, "council": council.id})
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation))
    assert organisation.status == Accreditation.PENDING
    assert organisation.communities_served == ["Sudanese", "Eritrean"]
    assert organisation.representatives == [founder]


def test_duplicate_name_in_council_is_refused_and_input_kept(client, login):
    council = CouncilFactory()
    OrganisationFactory(council=council, name=PROFILE["name"])
    login(UserFactory())
    response = post_form(client, "/organisations/new", {**PROFILE, "council": council.id})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "already exists in this council" in html and 'value="Lafayette"' in html


def test_unknown_type_is_refused(client, login):
    council = CouncilFactory()
    login(UserFactory())
    response = post_form(client, "/organisations/new", {**PROFILE, "type": "militia", "council": council.id})
    assert response.status_code == 422


def test_pending_organisation_is_hidden_from_visitors(client):
    organisation = OrganisationFactory(status=Accreditation.PENDING)
    assert client.get(f"/organisations/{organisation.id}").status_code == 404
    assert organisation.name not in client.get("/organisations/").get_data(as_text=True)


def test_directory_lists_accredited_and_filters_by_type(client):
    OrganisationFactory(name="Faith group", type="faith_based")
    OrganisationFactory(name="Migrants united")
    html = client.get("/organisations/?type=faith_based").get_data(as_text=True)
    assert "Faith group" in html and "Migrants united" not in html


def test_join_by_invite_code(client, login, db):
    organisation = OrganisationFactory(invite_code="abc123")
    user = login(UserFactory())
    response = post_form(client, "/organisations/join", {"code": " abc123 "})
    assert response.status_code == 302
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert membership.organisation == organisation and membership.status == MembershipStatus.ACTIVE


def test_wrong_invite_code_keeps_input(client, login):
    login(UserFactory())
    html = post_form(client, "/organisations/join", {"code": "nope"}).get_data(as_text=True)
    assert "No organisation uses this invitation code." in html and 'value="nope"' in html


def test_suspended_organisation_code_does_not_work(client, login):
    OrganisationFactory(invite_code="frozen", status=Accreditation.SUSPENDED)
    login(UserFactory())
    assert "No organisation uses" in post_form(client, "/organisations/join", {"code": "frozen"}).get_data(as_text=True)


def test_request_then_representative_approves(client, login, db, app):
    organisation = OrganisationFactory()
    representative = MembershipFactory(organisation=organisation, is_representative=True).user
    applicant = login(UserFactory())
    post_form(client, f"/organisations/{organisation.id}/request", {}, form_url=f"/organisations/{organisation.id}")
    membership = db.session.scalar(select(Membership).where(Membership.user_id == applicant.id))
    assert membership.status == MembershipStatus.PENDING

    second = post_form(client, f"/organisations/{organisation.id}/request", {}, form_url="/")
    assert second.status_code == 403  # a second request is not offered, nor accepted

    rep_client = app.test_client()
    post_form(rep_client, "/account/login", {"email": representative.email, "password": "correct horse battery"})
    response = post_form(rep_client, f"/organisations/{organisation.id}/memberships/{membership.id}/approve", {},
                         form_url=f"/organisations/{organisation.id}")
    assert response.status_code == 302
    db.session.refresh(membership)
    assert membership.status == MembershipStatus.ACTIVE
    again = post_form(rep_client, f"/organisations/{organisation.id}/memberships/{membership.id}/reject", {},
                      form_url="/")
    assert again.status_code == 409 and "already been decided" in again.get_data(as_text=True)


def test_membership_of_another_organisation_is_not_found(client, login):
    mine = OrganisationFactory()
    login(MembershipFactory(organisation=mine, is_representative=True).user)
    other = MembershipFactory(status=MembershipStatus.PENDING)
    response = post_form(client, f"/organisations/{mine.id}/memberships/{other.id}/approve", {}, form_url="/")
    assert response.status_code == 404


def test_representative_edits_profile(client, login, db):
    organisation = OrganisationFactory()
    login(MembershipFactory(organisation=organisation, is_representative=True).user)
    response = post_form(client, f"/organisations/{organisation.id}/edit",
                         {**PROFILE, "council": organisation.council_id})
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert organisation.name == PROFILE["name"] and organisation.languages_served == ["Arabic", "English"]


def test_invite_code_shown_only_to_representatives(client, login):
    organisation = OrganisationFactory(invite_code="secret-code")
    login(MembershipFactory(organisation=organisation).user)
    assert "secret-code" not in client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
