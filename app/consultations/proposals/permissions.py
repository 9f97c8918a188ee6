"""Who may submit, edit, withdraw, support and answer proposals, in which phase."""
from app.permissions import permission
from app.roles import signed_in

from app.councils.roles import moderates

from ..permissions import can_view_consultation, is_participant, not_blocked, phase_allows
from ..phases import Action
from .models import ProposalStatus


def _is_author(user, proposal) -> bool:
    return signed_in(user) and proposal.author_id == user.id


@permission
def can_view_proposal(user, proposal) -> bool:
    """A hidden proposal is still shown to its author (with the reason) and to the secretariat."""
    return can_view_consultation(user, proposal.consultation) and (
        proposal.shown() or _is_author(user, proposal) or moderates(user, proposal.consultation.council_id))


@permission
def can_submit_proposal(user, consultation) -> bool:
    return (is_participant(user, consultation) and phase_allows(consultation, Action.SUBMIT_PROPOSAL)
            and not_blocked(user, consultation))


@permission
def can_edit_proposal(user, proposal) -> bool:
    return (_is_author(user, proposal) and proposal.status == ProposalStatus.PUBLISHED
            and phase_allows(proposal.consultation, Action.EDIT_PROPOSAL) and not_blocked(user, proposal.consultation))


@permission
def can_withdraw_proposal(user, proposal) -> bool:
    return (_is_author(user, proposal) and proposal.status == ProposalStatus.PUBLISHED
            and phase_allows(proposal.consultation, Action.WITHDRAW_PROPOSAL))


@permission
def can_support(user, proposal) -> bool:
    return (is_participant(user, proposal.consultation) and proposal.status == ProposalStatus.PUBLISHED
            and proposal.shown() and phase_allows(proposal.consultation, Action.SUPPORT))


@permission
def can_give_feedback(user, proposal) -> bool:
    return (is_participant(user, proposal.consultation) and proposal.shown()
            and phase_allows(proposal.consultation, Action.FEEDBACK) and not_blocked(user, proposal.consultation))
