"""Proposals with history, withdrawal, sanitising, supports and votes, including concurrent ones."""
import pytest
from sqlalchemy import func, select

from app.consultations.proposals import services as proposals
from app.consultations.deliberation import services as deliberation
from app.consultations.errors import ConsultationError
from app.consultations.proposals.models import Proposal, Support
from app.consultations.deliberation.models import Vote, VoteRecord
from app.consultations.sanitise import render
from app.extensions import db as _db
from tests.conftest import race
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def setting():
    consultation = ConsultationFactory(phase="open")
    organisation = OrganisationFactory(council=consultation.council)
    author = MembershipFactory(organisation=organisation).user
    return consultation, organisation, author


def test_edits_keep_every_version(setting):
    consultation, organisation, author = setting
    proposal = proposals.submit_proposal(author, consultation, title="Bus 12", body="More buses", category="transport",
                                        organisation=organisation, show_as_organisation=True)
    proposals.edit_proposal(proposal, title="Bus 12 at night", body="More buses at night", category="transport")
    assert [v.title for v in proposal.versions] == ["Bus 12", "Bus 12 at night"]
    assert [v.number for v in proposal.versions] == [1, 2]
    assert proposal.title == "Bus 12 at night" and proposal.show_as_organisation


def test_language_is_detected_and_can_be_given(setting):
    consultation, _, author = setting
    french = proposals.submit_proposal(author, consultation, title="Des bus de nuit",
                                      body="La ville devrait ajouter des bus la nuit pour les travailleurs")
    given = proposals.submit_proposal(author, consultation, title="x", body="y", language="ar")
    assert (french.language, given.language) == ("fr", "ar")


def test_unknown_category_is_refused(setting):
    consultation, _, author = setting
    with pytest.raises(ConsultationError) as refused:
        proposals.submit_proposal(author, consultation, title="x", body="y", category="weapons")
    assert refused.value.field == "category"


def test_withdrawn_proposal_stays_as_withdrawn(setting, db):
    consultation, _, author = setting
    proposal = proposals.submit_proposal(author, consultation, title="A", body="B")
    proposals.withdraw_proposal(proposal)
    assert db.session.get(Proposal, proposal.id).status == "withdrawn"


def test_script_never_reaches_the_page(setting):
    consultation, _, author = setting
    proposal = proposals.submit_proposal(author, consultation, title="T",
                                        body="Hello <script>alert('x')</script> **world** [x](javascript:alert(1))")
    html = render(proposal.body)
    assert "<script" not in html and "alert('x')" not in html and "javascript:" not in html
    assert "<strong>world</strong>" in html


def test_same_form_token_gives_one_proposal(setting, db):
    consultation, _, author = setting
    first = proposals.submit_proposal(author, consultation, title="A", body="B", form_token="tok-1")
    second = proposals.submit_proposal(author, consultation, title="A", body="B", form_token="tok-1")
    assert first.id == second.id
    assert db.session.scalar(select(func.count(Proposal.id))) == 1


def test_support_once_per_person(setting, db):
    consultation, organisation, author = setting
    proposal = proposals.submit_proposal(author, consultation, title="A", body="B")
    supporter = MembershipFactory(organisation=organisation).user
    assert proposals.support(supporter, proposal) is True
    assert proposals.support(supporter, proposal) is False
    assert proposals.support_count(proposal) == 1


def test_new_vote_replaces_old_and_keeps_it_on_record(setting, db):
    consultation, _, author = setting
    statement = deliberation.add_statement(None, consultation, "Night buses", seeded=True)
    deliberation.vote(author, statement, "agree")
    deliberation.vote(author, statement, "disagree")
    deliberation.vote(author, statement, "disagree")
    assert [v.value for v in db.session.scalars(select(Vote))] == [-1]
    assert [r.value for r in db.session.scalars(select(VoteRecord))] == [1]
    with pytest.raises(ConsultationError):
        deliberation.vote(author, statement, "maybe")


def _setup_in(concurrent_app):
    with concurrent_app.app_context():
        consultation = ConsultationFactory(phase="deliberation")
        organisation = OrganisationFactory(council=consultation.council)
        person = MembershipFactory(organisation=organisation).user
        proposal = proposals.submit_proposal(person, consultation, title="A", body="B")
        statement = deliberation.add_statement(None, consultation, "S", seeded=True)
        _db.session.commit()
        return person.id, proposal.id, statement.id


def test_concurrent_supports_make_one_row(concurrent_app):
    person_id, proposal_id, _ = _setup_in(concurrent_app)

    def work():
        from app.accounts.models import User
        proposals.support(_db.session.get(User, person_id), _db.session.get(Proposal, proposal_id))

    race(concurrent_app, work, n=4)
    with concurrent_app.app_context():
        assert _db.session.scalar(select(func.count(Support.id)).where(Support.proposal_id == proposal_id)) == 1


def test_concurrent_votes_make_one_row(concurrent_app):
    person_id, _, statement_id = _setup_in(concurrent_app)

    def work():
        from app.accounts.models import User
        from app.consultations.deliberation.models import Statement
        deliberation.vote(_db.session.get(User, person_id), _db.session.get(Statement, statement_id), "agree")

    race(concurrent_app, work, n=4)
    with concurrent_app.app_context():
        assert _db.session.scalar(select(func.count(Vote.id)).where(Vote.statement_id == statement_id)) == 1


def test_concurrent_double_submit_makes_one_proposal(concurrent_app):
    person_id, _, _ = _setup_in(concurrent_app)
    with concurrent_app.app_context():
        from app.accounts.models import User
        consultation_id = _db.session.get(User, person_id).memberships[0].organisation.council_id

    def work():
        from app.accounts.models import User
        from app.consultations.models import Consultation
        consultation = _db.session.scalar(select(Consultation).where(Consultation.council_id == consultation_id))
        proposals.submit_proposal(_db.session.get(User, person_id), consultation, title="Same", body="Twice",
                                 form_token="double-click")

    race(concurrent_app, work, n=3)
    with concurrent_app.app_context():
        assert _db.session.scalar(select(func.count(Proposal.id)).where(Proposal.form_token == "double-click")) == 1
