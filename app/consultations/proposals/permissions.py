"""Who may submit, edit, withdraw, support and answer proposals, in which phase."""
from app.permissions import permission
from app.roles import signed_in

from ..permissions import is_participant, phase_allows
from ..phases import Action
from .models import ProposalStatus


def _is_author(user, proposal) -> bool:
    return signed_in(user) and proposal.author_id == user.id


@permission
def can_submit_proposal(user, consultation) -> bool:
    return is_participant(user, consultation) and phase_allows(consultation, Action.SUBMIT_PROPOSAL)


@permission
def can_edit_proposal(user, proposal) -> bool:
    return (_is_author(user, proposal) and proposal.status == ProposalStatus.PUBLISHED
            and phase_allows(proposal.consultation, Action.EDIT_PROPOSAL))


@permission
def can_withdraw_proposal(user, proposal) -> bool:
    return (_is_author(user, proposal) and proposal.status == ProposalStatus.PUBLISHED
            and phase_allows(proposal.consultation, Action.WITHDRAW_PROPOSAL))


@permission
def can_support(user, proposal) -> bool:
    return (is_participant(user, proposal.consultation) and proposal.status == ProposalStatus.PUBLISHED
            and phase_allows(proposal.consultation, Action.SUPPORT))


@permission
def can_give_feedback(user, proposal) -> bool:
    return is_participant(user, proposal.consultation) and phase_allows(proposal.consultation, Action.FEEDBACK)
