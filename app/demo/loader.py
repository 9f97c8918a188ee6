"""Loads the demo idempotently: each record is looked up by its natural key before it is created.
The caller (`flask demo load`) runs it in one unit of work."""
from sqlalchemy import select

from app.accounts.models import User
from app.clock import utcnow
from app.councils.models import Council, CouncilRole, CouncilRoleKind
from app.extensions import db
from app.organisations.models import Accreditation, Membership, MembershipStatus, Organisation

from . import analysis, data, identity, moderation, responses


def load() -> dict:
    """Create what is missing; return the number of records created per kind."""
    created = {"councils": 0, "users": 0, "council roles": 0, "organisations": 0, "memberships": 0}
    councils = {spec["slug"]: _council(spec, created) for spec in data.COUNCILS}
    db.session.flush()
    users = {spec["email"]: _user(spec, councils, created) for spec in data.USERS}
    for spec in data.ORGANISATIONS:
        _organisation(spec, councils[spec["council"]], users, created)
    db.session.flush()
    created["consultations"] = sum(_consultation(spec, councils[spec["council"]], users)
                                   for spec in data.CONSULTATIONS)
    created["council pages and translations"] = identity.load(councils, users)
    created["moderation records"] = moderation.load(councils, users)
    created["analysis records"] = analysis.load(councils, users)
    created["answers"] = responses.load(councils, users)
    return created


def _council(spec: dict, created) -> Council:
    council = db.session.scalar(select(Council).where(Council.slug == spec["slug"]))
    if council is None:
        council = Council(**spec)
        db.session.add(council)
        created["councils"] += 1
    return council


def _user(spec: dict, councils: dict, created) -> User:
    user = db.session.scalar(select(User).where(User.email == spec["email"]))
    if user is None:
        user = User(email=spec["email"], display_name=spec["display_name"], language=spec["language"],
                    is_admin=spec.get("admin", False), email_verified_at=utcnow())
        user.set_password(data.PASSWORD)
        db.session.add(user)
        created["users"] += 1
    for slug, role in spec["roles"]:
        council = councils[slug]
        if not any(r.council_id == council.id and r.role == role for r in user.council_roles):
            user.council_roles.append(CouncilRole(council_id=council.id, role=CouncilRoleKind(role)))
            created["council roles"] += 1
    return user


def _organisation(spec: dict, council: Council, users: dict, created) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == spec["name"]))
    if organisation is None:
        fields = {k: v for k, v in spec.items() if k not in ("members", "status", "council")}
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
    from app.consultations.deliberation import services as deliberation
    from app.consultations.models import Consultation
    from app.consultations.proposals import services as proposals_services

    if db.session.scalar(select(Consultation).where(Consultation.title == spec["title"])):
        return 0
    consultation = services.create_consultation(
        council, spec["title"], spec["description"], questions=spec["questions"], categories=spec["categories"],
        language=spec["language"], calendar=services.calendar_around(spec["phase"]), statements_need_approval=False,
        visibility=spec.get("visibility", "public"))
    organisations = {o.name: o for o in council.organisations}
    proposals = [proposals_services.submit_proposal(users[email], consultation, title=title, body=body,
                                                    category=category, organisation=organisations.get(org))
                 for email, title, body, category, org in spec["proposals"]]
    for number, email, stance, body in spec.get("feedback", []):
        proposals_services.add_feedback(users[email], proposals[number - 1], body, stance)
    for number, email in spec.get("supports", []):
        proposals_services.support(users[email], proposals[number - 1])
    statements = [deliberation.add_statement(None, consultation, text, seeded=True) for text in spec["statements"]]
    db.session.flush()
    for email, choices in spec.get("votes", {}).items():
        for statement, choice in zip(statements, choices):
            deliberation.vote(users[email], statement, choice)
    consultation.announced_phase = consultation.current_phase
    return 1


def credentials() -> list[tuple[str, str]]:
    """(e-mail, what this person is in the demo) for every demo account."""
    return [(spec["email"], describe(spec)) for spec in data.USERS]


ROLE_WORDS = {"moderator": "secretariat (moderator) of the {city} council",
              "commissioner": "commissioner of the {city} council, answers for the city",
              "member": "participant ({city}): individual member of the {city} council"}


def describe(spec: dict) -> str:
    """What a demo account is, in the words of the product: 'secretariat (moderator) of the Sfax
    council', 'participant (Sfax): representative of X', 'member of Y (organisation pending)'."""
    cities = {council["slug"]: council["city"] for council in data.COUNCILS}
    parts = ["platform admin: gives roles on every council"] if spec.get("admin") else []
    parts += [ROLE_WORDS[role].format(city=cities[slug]) for slug, role in spec["roles"]]
    for organisation in data.ORGANISATIONS:
        for email, representative in organisation["members"]:
            if email == spec["email"]:
                parts.append(_membership(organisation, representative, cities[organisation["council"]]))
    return "; ".join(parts) or "registered, not yet in an organisation (cannot take part yet)"


def _membership(organisation: dict, representative: bool, city: str) -> str:
    role = "representative" if representative else "member"
    if organisation["status"] == "accredited":
        return f"participant ({city}): {role} of {organisation['name']}"
    return f"{role} of {organisation['name']} ({city}; organisation {organisation['status']}: cannot take part yet)"
