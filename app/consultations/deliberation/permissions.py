"""Who may add, seed and vote on statements, in which phase."""
from app.councils.roles import moderates
from app.permissions import permission

from ..permissions import is_participant, not_blocked, phase_allows
from ..phases import Action
from .models import StatementStatus


@permission
def can_add_statement(user, consultation) -> bool:
    return (moderates(user, consultation.council_id)
            or (is_participant(user, consultation) and not_blocked(user, consultation))) \
        and phase_allows(consultation, Action.ADD_STATEMENT)


@permission
def can_seed_statement(user, consultation) -> bool:
    """The secretariat prepares statements before and during deliberation, not after voting closed."""
    return moderates(user, consultation.council_id) and phase_allows(consultation, Action.SEED_STATEMENT)


@permission
def can_moderate_statements(user, consultation) -> bool:
    return moderates(user, consultation.council_id)


@permission
def can_vote_in(user, consultation) -> bool:
    """Whether to offer the voting page at all."""
    return is_participant(user, consultation) and phase_allows(consultation, Action.VOTE)


@permission
def can_vote(user, statement, consultation) -> bool:
    return (is_participant(user, consultation) and statement.consultation_id == consultation.id
            and statement.status == StatementStatus.APPROVED and statement.shown()
            and phase_allows(consultation, Action.VOTE))
