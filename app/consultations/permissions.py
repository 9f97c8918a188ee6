"""Who may see and manage a consultation, and who takes part in it, in which phase.

Each can_* answers yes or no about the consultation's own council; `refusal(...)` says why not,
in words a participant understands ("This consultation stopped accepting proposals on 12 March"),
for the 403/409 page. Proposals and deliberation have their own permissions modules built on these."""
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from app.clock import aware, utcnow
from app.councils.models import CouncilRoleKind
from app.councils.roles import commissions, holds, moderates, moderates_any, sits_on
from app.moderation.visibility import active_block
from app.organisations.permissions import speaks_for_accredited_organisation, waiting_membership
from app.permissions import permission
from app.roles import signed_in

from .models import Visibility
from .phases import Action, Phase, allows, phases_allowing


def is_participant(user, consultation) -> bool:
    """A confirmed account that sits on the consultation's council or speaks for one of its
    accredited organisations."""
    return (signed_in(user) and user.email_verified
            and (sits_on(user, consultation.council_id)
                 or speaks_for_accredited_organisation(user, consultation.council_id)))


def missing_step(user, council_id: int | None):
    """What stands between this person and taking part in a council's consultations, for the page
    to explain with a link: None (nothing), 'sign_in', 'staff' (the secretariat and commissioners
    run and answer the consultation), 'verify', 'request_pending', 'organisation_pending',
    'organisation_suspended' (with the organisation) or 'join'. A tuple (code, organisation or None)."""
    if not signed_in(user):
        return "sign_in", None
    if user.email_verified and (_holds(user, council_id, CouncilRoleKind.MEMBER)
                                or speaks_for_accredited_organisation(user, council_id)):
        return None
    if _holds(user, council_id, CouncilRoleKind.MODERATOR, CouncilRoleKind.COMMISSIONER) or moderates(user, council_id):
        return "staff", None
    if not user.email_verified:
        return "verify", None
    return waiting_membership(user, council_id) or ("join", None)


def _holds(user, council_id: int | None, *kinds) -> bool:
    """A role on this council, or (without a council: on the home page) on any council."""
    if council_id is not None:
        return holds(user, council_id, *kinds)
    return any(r.role in kinds for r in user.council_roles)


def not_blocked(user, consultation) -> bool:
    """A person blocked on the council by its secretariat may read but not post until the block ends."""
    return active_block(user, consultation.council_id) is None


POSTING = {Action.SUBMIT_PROPOSAL, Action.EDIT_PROPOSAL, Action.FEEDBACK, Action.ADD_STATEMENT}


def phase_allows(consultation, action: Action) -> bool:
    return allows(consultation.current_phase, action)


def open_for_input(consultation) -> bool:
    """Whether participants can act now (propose, comment, support or vote): when a page should
    tell a person who cannot what to do about it."""
    return any(phase_allows(consultation, action) for action in PARTICIPANT_ACTIONS)


PARTICIPANT_ACTIONS = (Action.SUBMIT_PROPOSAL, Action.FEEDBACK, Action.SUPPORT, Action.VOTE)


@permission
def can_view_consultation(user, consultation) -> bool:
    """Drafts are the secretariat's; members-only consultations are for the council's participants
    and its commissioners, who answer them."""
    published = consultation.current_phase != Phase.DRAFT
    audience = (consultation.visibility == Visibility.PUBLIC or is_participant(user, consultation)
                or commissions(user, consultation.council_id))
    return (published and audience) or moderates(user, consultation.council_id)


@permission
def can_manage_consultation(user, consultation=None) -> bool:
    """The secretariat of the consultation's council (without one: of any council, to create one)."""
    return moderates(user, consultation.council_id) if consultation is not None else moderates_any(user)


PHASE_MESSAGES = {
    Action.SUBMIT_PROPOSAL: _l("This consultation does not accept proposals now."),
    Action.EDIT_PROPOSAL: _l("Proposals can no longer be edited in this consultation."),
    Action.WITHDRAW_PROPOSAL: _l("Proposals can no longer be withdrawn in this consultation."),
    Action.SUPPORT: _l("Supports are closed in this consultation."),
    Action.FEEDBACK: _l("Feedback is closed in this consultation."),
    Action.ADD_STATEMENT: _l("Statements can only be added during deliberation."),
    Action.SEED_STATEMENT: _l("Statements can no longer be added: voting has closed."),
    Action.VOTE: _l("Voting on statements happens only during deliberation."),
}


def refusal(consultation, action: Action, user) -> tuple[int, str]:
    """(HTTP status, reason): 409 when the phase is wrong, 403 when the person may not act at all."""
    if not allows(consultation.current_phase, action):
        return 409, _phase_reason(consultation, action)
    block = active_block(user, consultation.council_id) if action in POSTING else None
    if block is not None:
        return 403, str(_l("The secretariat of this council has blocked you from posting until %(date)s: %(reason)s",
                           date=format_date(block.until, "long"), reason=block.reason))
    if signed_in(user) and not user.email_verified:
        return 403, str(_l("Confirm your e-mail address first: open the link we sent you."))
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
