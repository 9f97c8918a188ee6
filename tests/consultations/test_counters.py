"""Support and reply counters move in the same transaction as the support or reply, also under
concurrency; and a consultation's revision moves with every change its pages show."""
import pytest
from sqlalchemy import func, select

from app.consultations import services
from app.consultations.proposals import services as proposals
from app.consultations.proposals.models import Proposal, Support
from app.consultations.models import Consultation
from app.extensions import db as _db
from app.unit_of_work import unit_of_work
from tests.conftest import race
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def setting():
    consultation = ConsultationFactory(phase="open")
    organisation = OrganisationFactory(council=consultation.council)
    author = MembershipFactory(organisation=organisation).user
    proposal = proposals.submit_proposal(author, consultation, title="Night buses", body="More buses at night")
    _db.session.commit()
    return consultation, organisation, author, proposal


def stored(proposal_id: int) -> Proposal:
    _db.session.expire_all()
    return _db.session.get(Proposal, proposal_id)


def test_support_and_its_withdrawal_move_the_counter(setting):
    _, organisation, _, proposal = setting
    people = [MembershipFactory(organisation=organisation).user for _ in range(3)]
    for person in people:
        assert proposals.support(person, proposal)
    assert not proposals.support(people[0], proposal)  # twice counts once
    assert proposal.support_count == 3
    assert proposals.withdraw_support(people[0], proposal)
    assert not proposals.unsupport(people[0], proposal)  # nothing left to take back
    _db.session.commit()
    assert stored(proposal.id).support_count == 2 == _db.session.scalar(select(func.count(Support.id)))


def test_replies_move_the_feedback_counter(setting):
    _, _, author, proposal = setting
    reply = proposals.add_feedback(author, proposal, "Yes", "supports", form_token="t1")
    proposals.add_feedback(author, proposal, "Yes", "supports", form_token="t1")  # a retried form
    proposals.add_feedback(author, proposal, "And on Sunday", parent=reply)
    _db.session.commit()
    assert stored(proposal.id).feedback_count == 2


def test_a_refused_transaction_leaves_the_counter_as_it_was(setting):
    _, organisation, _, proposal = setting
    with pytest.raises(RuntimeError), unit_of_work():
        proposals.support(MembershipFactory(organisation=organisation).user, proposal)
        raise RuntimeError("the request failed after the support")
    assert stored(proposal.id).support_count == 0


def test_concurrent_supports_and_withdrawals_keep_the_counter_exact(concurrent_app):
    with concurrent_app.app_context():
        consultation = ConsultationFactory(phase="open")
        organisation = OrganisationFactory(council=consultation.council)
        people = [MembershipFactory(organisation=organisation).user.id for _ in range(4)]
        proposal_id = proposals.submit_proposal(_db.session.get(type(_user(people[0])), people[0]), consultation,
                                                title="T", body="B").id
        _db.session.commit()

    def support_all():
        return [proposals.support(_user(p), _db.session.get(Proposal, proposal_id)) for p in people]

    race(concurrent_app, support_all, n=3)
    race(concurrent_app, lambda: proposals.withdraw_support(_user(people[0]), _db.session.get(Proposal, proposal_id)),
         n=3)
    with concurrent_app.app_context():
        proposal = _db.session.get(Proposal, proposal_id)
        rows = _db.session.scalar(select(func.count(Support.id)).where(Support.proposal_id == proposal_id))
        assert proposal.support_count == rows == 3


def _user(user_id):
    from app.accounts.models import User

    return _db.session.get(User, user_id)


def revision(consultation_id: int) -> int:
    _db.session.expire_all()
    return _db.session.get(Consultation, consultation_id).revision


def test_every_change_the_page_shows_moves_the_revision(setting):
    consultation, organisation, author, proposal = setting
    steps = {
        "edit": lambda: proposals.edit_proposal(proposal, title="Night buses, line 12", body="Line 12 at night"),
        "withdrawal": lambda: proposals.withdraw_proposal(proposal),
        "calendar": lambda: services.update_consultation(
            consultation, services.calendar_around("open", days=9), title="Welcome, revised"),
    }
    for name, step in steps.items():
        before = revision(consultation.id)
        step()
        _db.session.commit()
        assert revision(consultation.id) > before, name  # once per flush: any move makes a new key


def test_additions_move_counters_not_the_revision(setting):
    """Cached anonymous pages may show new proposals, replies and supports up to CACHE_DEFAULT_TIMEOUT
    late (app/consultations/freshness.py)."""
    consultation, organisation, author, proposal = setting
    before = revision(consultation.id)
    proposals.submit_proposal(author, consultation, title="Libraries", body="Open on Sunday")
    proposals.support(MembershipFactory(organisation=organisation).user, proposal)
    proposals.add_feedback(author, proposal, "Yes", "supports")
    _db.session.commit()
    assert revision(consultation.id) == before
