"""Who may do what in a consultation, in which phase.

Each can_* answers yes or no; `refusal(...)` says why not, in words a participant understands
("This consultation stopped accepting proposals on 12 March"), for the 403/409 page."""
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from app.organisations.permissions import speaks_for_accredited_organisation
from app.permissions import permission
from app.roles import is_moderator, signed_in

from app.accounts.models import utcnow

from .models import ProposalStatus, StatementStatus, Visibility, aware
from .phases import Action, Phase, allows, phases_allowing


def is_participant(user, consultation) -> bool:
    """A member of an organisation accredited to this consultation's council, or a council member."""
    return signed_in(user) and (bool(user.council_member)
                                or speaks_for_accredited_organisation(user, consultation.council_id))


def _phase_allows(consultation, action: Action) -> bool:
    return allows(consultation.current_phase, action)


@permission
def can_view_consultation(user, consultation) -> bool:
    """Drafts are the secretariat's; members-only consultations are for participants."""
    published = consultation.current_phase != Phase.DRAFT
    audience = consultation.visibility == Visibility.PUBLIC or is_participant(user, consultation)
    return (published and audience) or is_moderator(user)


@permission
def can_manage_consultation(user, consultation=None) -> bool:
    return is_moderator(user)


@permission
def can_submit_proposal(user, consultation) -> bool:
    return is_participant(user, consultation) and _phase_allows(consultation, Action.SUBMIT_PROPOSAL)


def _is_author(user, proposal) -> bool:
    return signed_in(user) and proposal.author_id == user.id


@permission
def can_edit_proposal(user, proposal) -> bool:
    return (_is_author(user, proposal) and proposal.status == ProposalStatus.PUBLISHED
            and _phase_allows(proposal.consultation, Action.EDIT_PROPOSAL))


@permission
def can_withdraw_proposal(user, proposal) -> bool:
    return (_is_author(user, proposal) and proposal.status == ProposalStatus.PUBLISHED
            and _phase_allows(proposal.consultation, Action.WITHDRAW_PROPOSAL))


@permission
def can_support(user, proposal) -> bool:
    return (is_participant(user, proposal.consultation) and proposal.status == ProposalStatus.PUBLISHED
            and _phase_allows(proposal.consultation, Action.SUPPORT))


@permission
def can_give_feedback(user, proposal) -> bool:
    return is_participant(user, proposal.consultation) and _phase_allows(proposal.consultation, Action.FEEDBACK)


@permission
def can_add_statement(user, consultation) -> bool:
    return ((is_participant(user, consultation) or is_moderator(user))
            and _phase_allows(consultation, Action.ADD_STATEMENT))


@permission
def can_seed_statement(user, consultation) -> bool:
    """The secretariat prepares statements before and during deliberation."""
    return is_moderator(user) and consultation.current_phase in ("draft", "open", "deliberation")


@permission
def can_vote_in(user, consultation) -> bool:
    """Whether to offer the voting page at all."""
    return is_participant(user, consultation) and _phase_allows(consultation, Action.VOTE)


@permission
def can_vote(user, statement, consultation) -> bool:
    return (is_participant(user, consultation) and statement.status == StatementStatus.APPROVED
            and _phase_allows(consultation, Action.VOTE))


PHASE_MESSAGES = {
    Action.SUBMIT_PROPOSAL: _l("This consultation does not accept proposals now."),
    Action.EDIT_PROPOSAL: _l("Proposals can no longer be edited in this consultation."),
    Action.WITHDRAW_PROPOSAL: _l("Proposals can no longer be withdrawn in this consultation."),
    Action.SUPPORT: _l("Supports are closed in this consultation."),
    Action.FEEDBACK: _l("Feedback is closed in this consultation."),
    Action.ADD_STATEMENT: _l("Statements can only be added during deliberation."),
    Action.VOTE: _l("Voting on statements happens only during deliberation."),
}


def refusal(consultation, action: Action, user) -> tuple[int, str]:
    """(HTTP status, reason): 409 when the phase is wrong, 403 when the person may not act at all."""
    if not allows(consultation.current_phase, action):
        return 409, _phase_reason(consultation, action)
    if not is_participant(user, consultation):
        return 403, str(_l("Only members of an accredited organisation or of the council can do this."))
    return 403, str(_l("You are not allowed to do this."))


def _phase_reason(consultation, action: Action) -> str:
    """Say when the action closed, with the date from the phase calendar, when it has closed."""
    closed = _closing_window(consultation, phases_allowing(action))
    if closed is not None and aware(closed.starts_at) <= utcnow():
        return str(_l("%(reason)s It closed on %(date)s.", reason=PHASE_MESSAGES[action],
                      date=format_date(closed.starts_at, "long")))
    return str(PHASE_MESSAGES[action])


def _closing_window(consultation, allowed):
    """The phase window that followed the last phase allowing the action: it marks the closing date."""
    phases = list(consultation.phases)
    for index, window in enumerate(phases[:-1]):
        if window.phase in allowed and phases[index + 1].phase not in allowed:
            return phases[index + 1]
    return None
