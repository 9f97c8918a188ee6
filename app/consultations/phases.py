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


class Stage(StrEnum):
    """How a list groups consultations for a reader: where one can take part first."""
    OPEN = "open"  # proposals or deliberation: one can take part now
    UPCOMING = "upcoming"  # still a draft (only the secretariat sees it)
    ANSWERING = "answering"  # input closed: analysis, the city's response, follow-up
    CLOSED = "closed"


STAGE_OF: dict[Phase, Stage] = {
    Phase.DRAFT: Stage.UPCOMING, Phase.OPEN: Stage.OPEN, Phase.DELIBERATION: Stage.OPEN,
    Phase.ANALYSIS: Stage.ANSWERING, Phase.RESPONSE: Stage.ANSWERING, Phase.FOLLOW_UP: Stage.ANSWERING,
    Phase.CLOSED: Stage.CLOSED,
}


def by_stage(consultations) -> list[tuple[Stage, list]]:
    """Open first, then upcoming, answering and closed; in each, the soonest next date first
    (closed ones: the most recently created first). Empty stages are left out."""
    groups: dict[Stage, list] = {stage: [] for stage in Stage}
    for consultation in consultations:
        groups[STAGE_OF[consultation.current_phase]].append(consultation)
    for stage, items in groups.items():
        items.sort(key=_order_key if stage != Stage.CLOSED else (lambda c: -c.id))
    return [(stage, items) for stage, items in groups.items() if items]


def _order_key(consultation):
    change = consultation.next_change()
    return (change is None, change.starts_at.isoformat() if change else "", consultation.id)
