"""The consultation lifecycle as data: which actions each phase allows.

Permission functions read this table; no view or template tests a phase by name."""
from enum import StrEnum


class Phase(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    DELIBERATION = "deliberation"
    ANALYSIS = "analysis"
    RESPONSE = "response"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


ORDER = list(Phase)


class Action(StrEnum):
    SUBMIT_PROPOSAL = "submit_proposal"
    EDIT_PROPOSAL = "edit_proposal"
    WITHDRAW_PROPOSAL = "withdraw_proposal"
    SUPPORT = "support"
    FEEDBACK = "feedback"
    ADD_STATEMENT = "add_statement"
    SEED_STATEMENT = "seed_statement"  # the secretariat prepares statements before and during deliberation
    VOTE = "vote"


ALLOWED: dict[Phase, frozenset[Action]] = {
    Phase.DRAFT: frozenset({Action.SEED_STATEMENT}),
    Phase.OPEN: frozenset({Action.SUBMIT_PROPOSAL, Action.EDIT_PROPOSAL, Action.WITHDRAW_PROPOSAL,
                           Action.SUPPORT, Action.FEEDBACK, Action.SEED_STATEMENT}),
    Phase.DELIBERATION: frozenset({Action.FEEDBACK, Action.SUPPORT, Action.ADD_STATEMENT, Action.SEED_STATEMENT,
                                   Action.VOTE}),
    Phase.ANALYSIS: frozenset(),
    Phase.RESPONSE: frozenset(),
    Phase.FOLLOW_UP: frozenset(),
    Phase.CLOSED: frozenset(),
}


def allows(phase: Phase, action: Action) -> bool:
    return action in ALLOWED[phase]


def phases_allowing(action: Action) -> list[Phase]:
    return [phase for phase in ORDER if action in ALLOWED[phase]]
