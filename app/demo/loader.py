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
    created["consultations"] = sum(_consultation(spec, council, users) for spec in data.CONSULTATIONS)
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


def _consultation(spec: dict, council, users) -> int:
    """One consultation with its proposals, feedback, supports, statements and votes; 0 if it exists."""
    from app.consultations import services
    from app.consultations.models import Consultation

    if db.session.scalar(select(Consultation).where(Consultation.title == spec["title"])):
        return 0
    consultation = services.create_consultation(
        council, spec["title"], spec["description"], questions=spec["questions"], categories=spec["categories"],
        language=spec["language"], calendar=services.calendar_around(spec["phase"]), statements_need_approval=False)
    organisations = {o.name: o for o in council.organisations}
    proposals = [services.submit_proposal(users[email], consultation, title=title, body=body, category=category,
                                          organisation=organisations.get(org), show_as_organisation=False)
                 for email, title, body, category, org in spec["proposals"]]
    for number, email, stance, body in spec.get("feedback", []):
        services.add_feedback(users[email], proposals[number - 1], body, stance)
    for number, email in spec.get("supports", []):
        services.support(users[email], proposals[number - 1])
    statements = [services.add_statement(None, consultation, text, seeded=True) for text in spec["statements"]]
    for email, choices in spec.get("votes", {}).items():
        for statement, choice in zip(statements, choices):
            services.vote(users[email], statement, choice)
    consultation.announced_phase = consultation.current_phase
    db.session.commit()
    return 1


def credentials() -> list[tuple[str, str, str]]:
    return [(spec["role"], spec["email"], data.PASSWORD) for spec in data.USERS]
