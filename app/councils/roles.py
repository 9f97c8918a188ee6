"""Who holds which role on which council: the predicates every permission function composes.

Each takes the council's id, resolved by the caller from the object at hand (an organisation,
a consultation, a proposal…). The platform admin stands in for the secretariat everywhere."""
from app.roles import is_admin, signed_in

from .models import CouncilRoleKind


def holds(user, council_id: int | None, *kinds: CouncilRoleKind) -> bool:
    return signed_in(user) and council_id is not None and any(
        r.council_id == council_id and r.role in kinds for r in user.council_roles)


def moderates(user, council_id: int | None) -> bool:
    return is_admin(user) or holds(user, council_id, CouncilRoleKind.MODERATOR)


def commissions(user, council_id: int | None) -> bool:
    return holds(user, council_id, CouncilRoleKind.COMMISSIONER)


def sits_on(user, council_id: int | None) -> bool:
    """An individual member of the council, who takes part without an organisation."""
    return holds(user, council_id, CouncilRoleKind.MEMBER)


def councils_where(user, kind: CouncilRoleKind) -> set[int]:
    return {r.council_id for r in user.council_roles if r.role == kind} if signed_in(user) else set()


def moderates_any(user) -> bool:
    return is_admin(user) or bool(councils_where(user, CouncilRoleKind.MODERATOR))


def moderated_councils(user) -> set[int] | None:
    """The councils a person moderates; None means all of them (the admin)."""
    return None if is_admin(user) else councils_where(user, CouncilRoleKind.MODERATOR)
