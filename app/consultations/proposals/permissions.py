"""Who may submit, edit, withdraw, support and answer proposals, in which phase."""
from flask_babel import lazy_gettext as _l

from app.permissions import permission
from app.roles import signed_in

from app.councils.roles import moderates

from ..permissions import can_view_consultation, is_participant, not_blocked, phase_allows, refusal
from ..phases import Action
from .models import ProposalStatus


def is_author(user, proposal) -> bool:
    return signed_in(user) and proposal.author_id == user.id


@permission
def can_view_proposal(user, proposal) -> bool:
    """A hidden proposal is still shown to its author (with the reason) and to the secretariat."""
    return can_view_consultation(user, proposal.consultation) and (
        proposal.shown() or is_author(user, proposal) or moderates(user, proposal.consultation.council_id))


@permission
def can_submit_proposal(user, consultation) -> bool:
    return (is_participant(user, consultation) and phase_allows(consultation, Action.SUBMIT_PROPOSAL)
            and not_blocked(user, consultation))


@permission
def can_edit_proposal(user, proposal) -> bool:
    return (is_author(user, proposal) and proposal.status == ProposalStatus.PUBLISHED
            and phase_allows(proposal.consultation, Action.EDIT_PROPOSAL) and not_blocked(user, proposal.consultation))


@permission
def can_withdraw_proposal(user, proposal) -> bool:
    return (is_author(user, proposal) and proposal.status == ProposalStatus.PUBLISHED
            and phase_allows(proposal.consultation, Action.WITHDRAW_PROPOSAL))


@permission
def can_support(user, proposal) -> bool:
    """A support is someone else's agreement: authors do not support their own proposal. Supporting
    again is allowed (and changes nothing), so that a retried request is not refused."""
    return (is_participant(user, proposal.consultation) and not is_author(user, proposal)
            and proposal.status == ProposalStatus.PUBLISHED and proposal.shown()
            and phase_allows(proposal.consultation, Action.SUPPORT))


@permission
def can_withdraw_support(user, proposal) -> bool:
    """While supports are open, whoever supported may take it back (withdrawing twice changes nothing)."""
    return signed_in(user) and phase_allows(proposal.consultation, Action.SUPPORT)


def support_refusal(user, proposal) -> tuple[int, str]:
    """(status, reason) for a refused support: authors are told why, others get the phase's or the
    person's reason."""
    if is_author(user, proposal) and phase_allows(proposal.consultation, Action.SUPPORT):
        return 403, str(_l("You cannot support your own proposal: supports count the agreement of others."))
    return refusal(proposal.consultation, Action.SUPPORT, user)


@permission
def can_give_feedback(user, proposal) -> bool:
    return (is_participant(user, proposal.consultation) and proposal.shown()
            and phase_allows(proposal.consultation, Action.FEEDBACK) and not_blocked(user, proposal.consultation))
