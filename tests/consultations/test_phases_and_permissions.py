"""Role × phase × action: the permission functions and the reasons given for a refusal."""
import pytest

from app.consultations.proposals import services as proposals
from app.consultations.deliberation import services as deliberation
from app.consultations.proposals import permissions as proposal_perms
from app.consultations.deliberation import permissions as deliberation_perms
from app.consultations.errors import ConsultationError
from app.consultations import permissions as perms
from app.consultations import services
from app.consultations.phases import ALLOWED, ORDER, Action, Phase
from app.organisations.models import Accreditation
from tests.factories import (ConsultationFactory, MembershipFactory, OrganisationFactory, commissioner,
                             council_member, moderator)

ROLES = ["visitor", "participant", "pending_org_member", "author", "moderator", "commissioner"]


class Visitor:
    is_authenticated = False
    id = None


def people(consultation):
    accredited = OrganisationFactory(council=consultation.council)
    pending = OrganisationFactory(council=consultation.council, status=Accreditation.PENDING)
    author = MembershipFactory(organisation=accredited).user
    return {
        "visitor": Visitor(),
        "participant": MembershipFactory(organisation=accredited).user,
        "pending_org_member": MembershipFactory(organisation=pending).user,
        "author": author,
        "moderator": moderator(consultation.council),
        "commissioner": commissioner(consultation.council),
    }


def expected(role: str, phase: Phase, action: Action) -> bool:
    if action not in ALLOWED[phase]:
        return False
    if action in (Action.EDIT_PROPOSAL, Action.WITHDRAW_PROPOSAL):
        return role == "author"
    if action == Action.ADD_STATEMENT:
        return role in ("participant", "author", "moderator")
    if action == Action.SEED_STATEMENT:
        return role == "moderator"
    if action == Action.SUPPORT:  # a support counts someone else's agreement (issue 9)
        return role == "participant"
    return role in ("participant", "author")


def check(action, user, consultation, proposal, statement) -> bool:
    return {
        Action.SUBMIT_PROPOSAL: lambda: proposal_perms.can_submit_proposal(user, consultation),
        Action.EDIT_PROPOSAL: lambda: proposal_perms.can_edit_proposal(user, proposal),
        Action.WITHDRAW_PROPOSAL: lambda: proposal_perms.can_withdraw_proposal(user, proposal),
        Action.SUPPORT: lambda: proposal_perms.can_support(user, proposal),
        Action.ADD_STATEMENT: lambda: deliberation_perms.can_add_statement(user, consultation),
        Action.SEED_STATEMENT: lambda: deliberation_perms.can_seed_statement(user, consultation),
        Action.VOTE: lambda: deliberation_perms.can_vote(user, statement, consultation),
    }[action]()


@pytest.mark.parametrize("phase", ORDER)
def test_role_phase_action_matrix(phase):
    consultation = ConsultationFactory(phase=phase)
    who = people(consultation)
    proposal = proposals.submit_proposal(who["author"], consultation, title="Night buses", body="More of them")
    statement = deliberation.add_statement(who["moderator"], consultation, "Buses should run all night", seeded=True)
    assert consultation.current_phase == phase
    for action in [a for a in Action if a != Action.FEEDBACK]:
        for role in ROLES:
            assert check(action, who[role], consultation, proposal, statement) == expected(role, phase, action), \
                (role, phase, action)


def test_withdrawn_proposal_cannot_be_supported_or_edited():
    consultation = ConsultationFactory(phase="open")
    who = people(consultation)
    proposal = proposals.submit_proposal(who["author"], consultation, title="A", body="B")
    proposals.withdraw_proposal(proposal)
    assert not proposal_perms.can_support(who["participant"], proposal)
    assert not proposal_perms.can_edit_proposal(who["author"], proposal)


def test_pending_statement_cannot_be_voted_on():
    consultation = ConsultationFactory(phase="deliberation")
    who = people(consultation)
    statement = deliberation.add_statement(who["participant"], consultation, "Libraries open on Sunday")
    assert statement.status == "pending"
    assert not deliberation_perms.can_vote(who["author"], statement, consultation)


def test_refusal_says_when_proposals_closed(app):
    consultation = ConsultationFactory(phase="deliberation")
    who = people(consultation)
    with app.test_request_context():
        status, reason = perms.refusal(consultation, Action.SUBMIT_PROPOSAL, who["participant"])
    opened = consultation.window(Phase.DELIBERATION).starts_at
    assert status == 409
    assert reason.startswith("This consultation does not accept proposals now. It closed on")
    assert str(opened.year) in reason


def test_refusal_for_a_person_without_accreditation(app):
    consultation = ConsultationFactory(phase="open")
    who = people(consultation)
    with app.test_request_context():
        status, reason = perms.refusal(consultation, Action.SUBMIT_PROPOSAL, who["pending_org_member"])
    assert status == 403 and "accredited" in reason


def test_moderator_override_wins_over_the_calendar():
    consultation = ConsultationFactory(phase="open")
    services.set_phase(consultation, Phase.DELIBERATION)
    assert consultation.current_phase == Phase.DELIBERATION
    services.set_phase(consultation, None)
    assert consultation.current_phase == Phase.OPEN


def test_calendar_out_of_order_is_refused():
    from datetime import datetime, timedelta, timezone

    from tests.factories import CouncilFactory

    now = datetime.now(timezone.utc)
    with pytest.raises(ConsultationError):
        services.create_consultation(CouncilFactory(), "Bad", calendar={"open": now, "draft": now + timedelta(days=1)})


@pytest.mark.parametrize("phase,visibility,role,allowed", [
    ("draft", "public", "visitor", False), ("draft", "public", "participant", False), ("draft", "public", "moderator", True),
    ("open", "public", "visitor", True), ("open", "members", "visitor", False), ("open", "members", "pending_org_member", False),
    ("open", "members", "participant", True), ("closed", "public", "visitor", True),
])
def test_who_sees_a_consultation(phase, visibility, role, allowed):
    consultation = ConsultationFactory(phase=phase, visibility=visibility)
    assert perms.can_view_consultation(people(consultation)[role], consultation) is allowed


def test_members_of_another_councils_organisations_do_not_take_part():
    consultation = ConsultationFactory(phase="open")
    outsider = MembershipFactory().user  # accredited, but in another council
    assert not proposal_perms.can_submit_proposal(outsider, consultation)
    council_member(consultation.council, outsider)  # an individual council member does take part
    assert proposal_perms.can_submit_proposal(outsider, consultation)
