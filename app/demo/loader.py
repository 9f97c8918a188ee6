"""Loads the demo idempotently: each record is looked up by its natural key before it is created."""
from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.models import utcnow
from app.councils.models import Council
from app.extensions import db
from app.organisations.models import Accreditation, Membership, MembershipStatus, Organisation

from . import data


def load() -> dict:
    """Create what is missing; return the number of records created per kind."""
    created = {"councils": 0, "users": 0, "organisations": 0, "memberships": 0}
    council = _council(created)
    users = {spec["email"]: _user(spec, created) for spec in data.USERS}
    for spec in data.ORGANISATIONS:
        _organisation(spec, council, users, created)
    db.session.commit()
    return created


def _council(created) -> Council:
    council = db.session.scalar(select(Council).where(Council.slug == data.COUNCIL["slug"]))
    if council is None:
        council = Council(**data.COUNCIL)
        db.session.add(council)
        created["councils"] += 1
    return council


def _user(spec: dict, created) -> User:
    user = db.session.scalar(select(User).where(User.email == spec["email"]))
    if user is None:
        user = User(email=spec["email"], display_name=spec["display_name"], role=Role(spec["role"]),
                    language=spec["language"])
        user.set_password(data.PASSWORD)
        db.session.add(user)
        created["users"] += 1
    return user


def _organisation(spec: dict, council: Council, users: dict, created) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == spec["name"]))
    if organisation is None:
        fields = {k: v for k, v in spec.items() if k not in ("members", "status")}
        organisation = Organisation(council=council, status=Accreditation(spec["status"]),
                                    status_changed_at=utcnow(), **fields)
        db.session.add(organisation)
        created["organisations"] += 1
    for email, representative in spec["members"]:
        if not any(m.user is users[email] for m in organisation.memberships):
            organisation.memberships.append(Membership(
                user=users[email], status=MembershipStatus.ACTIVE, is_representative=representative,
                decided_at=utcnow()))
            created["memberships"] += 1
    return organisation


def credentials() -> list[tuple[str, str, str]]:
    return [(spec["role"], spec["email"], data.PASSWORD) for spec in data.USERS]
