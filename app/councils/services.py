"""Council use cases: assign and withdraw roles. They change the session; the request commits."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app import audit
from app.domain_errors import DomainError
from app.extensions import db

from .models import Council, CouncilRole, CouncilRoleKind


class CouncilError(DomainError):
    pass


def listing():
    return select(Council).order_by(Council.name)


def roles_of(council: Council) -> list[CouncilRole]:
    return db.session.scalars(select(CouncilRole).where(CouncilRole.council_id == council.id)
                              .order_by(CouncilRole.role, CouncilRole.id)).all()


def roles_by_kind(council: Council) -> dict[CouncilRoleKind, list]:
    """Who holds each role, for the council's public page: secretariat, commissioners, members."""
    found: dict[CouncilRoleKind, list] = {kind: [] for kind in CouncilRoleKind}
    for held in roles_of(council):
        found[held.role].append(held.user)
    return found


PUBLIC_FIELDS = ("description", "contact_email", "contact_phone", "contact_address", "website")


def update_council(council: Council, data: dict, by=None) -> None:
    """Save the council's public description and contact; the change is in the audit log."""
    changed = [name for name in PUBLIC_FIELDS if name in data and getattr(council, name) != (data[name] or "")]
    for name in changed:
        setattr(council, name, (data[name] or "").strip())
    if changed:
        audit.record("council.updated", council, actor=by, council_id=council.id, fields=changed)


def assign_role(council: Council, email: str, role: CouncilRoleKind, by=None) -> CouncilRole:
    """Give a role on this council to an existing account; giving it twice is refused with a reason."""
    from app.accounts.models import User

    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise CouncilError(_l("No account uses this e-mail address. The person must register first."),
                           field="email", status=422)
    if any(r.council_id == council.id and r.role == role for r in user.council_roles):
        raise CouncilError(_l("This person already has this role on this council."), field="role", status=409)
    held = CouncilRole(user=user, council_id=council.id, role=role)
    db.session.add(held)
    audit.record("role.given", user, actor=by, council_id=council.id, role=role.value)
    return held


def withdraw_role(held: CouncilRole, by=None) -> None:
    audit.record("role.withdrawn", held.user, actor=by, council_id=held.council_id, role=held.role.value)
    db.session.delete(held)
