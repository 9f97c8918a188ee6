"""Organisation use cases: create, edit, join by code, request and decide memberships."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import utcnow
from app.domain_errors import DomainError
from app.extensions import db

from .models import Accreditation, Membership, MembershipStatus, Organisation, OrganisationType

PROFILE_FIELDS = ("name", "type", "description", "communities_served", "languages_served",
                  "neighbourhoods", "membership_band", "funding_sources")


class OrganisationError(DomainError):
    pass


def split_list(text: str | None) -> list[str]:
    """'Syrian, Sudanese;  Eritrean' -> ['Syrian', 'Sudanese', 'Eritrean'] without duplicates."""
    items = [part.strip() for part in (text or "").replace(";", ",").split(",")]
    return list(dict.fromkeys(item for item in items if item))


def _apply(organisation: Organisation, data: dict) -> None:
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(organisation, name, data[name])


def _commit_unique_name() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise OrganisationError(_l("An organisation with this name already exists in this council."), field="name")


def create(founder, council, data: dict) -> Organisation:
    """A new organisation starts pending; its founder is its first representative."""
    organisation = Organisation(council=council, status=Accreditation.PENDING)
    _apply(organisation, data)
    organisation.memberships.append(Membership(
        user=founder, status=MembershipStatus.ACTIVE, is_representative=True, decided_at=utcnow()))
    db.session.add(organisation)
    _commit_unique_name()
    return organisation


def update(organisation: Organisation, data: dict) -> None:
    _apply(organisation, data)
    _commit_unique_name()


def join_by_code(user, code: str) -> Membership:
    """An invite code from a representative makes the member active at once."""
    organisation = db.session.scalar(select(Organisation).where(Organisation.invite_code == code.strip()))
    if organisation is None or organisation.status == Accreditation.SUSPENDED:
        raise OrganisationError(_l("No organisation uses this invitation code."), field="code")
    membership = _existing(user, organisation)
    if membership and membership.status == MembershipStatus.ACTIVE:
        raise OrganisationError(_l("You are already a member of %(name)s.", name=organisation.name), field="code")
    membership = membership or Membership(user=user, organisation=organisation)
    membership.status, membership.decided_at = MembershipStatus.ACTIVE, utcnow()
    db.session.add(membership)
    db.session.commit()
    return membership


def request_membership(user, organisation: Organisation) -> Membership:
    """Ask to join; a representative approves. One request per person and organisation."""
    if _existing(user, organisation):
        raise OrganisationError(_l("You have already asked to join this organisation."))
    membership = Membership(user=user, organisation=organisation, status=MembershipStatus.PENDING)
    db.session.add(membership)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise OrganisationError(_l("You have already asked to join this organisation."))
    return membership


def decide_membership(membership: Membership, approve: bool) -> None:
    if membership.status != MembershipStatus.PENDING:
        raise OrganisationError(_l("This request has already been decided."))
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.REJECTED
    membership.decided_at = utcnow()
    db.session.commit()


def _existing(user, organisation) -> Membership | None:
    return db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.organisation_id == organisation.id))


def public_listing(org_type: str | None = None):
    """Accredited organisations, the only ones a visitor sees listed."""
    query = select(Organisation).where(Organisation.status == Accreditation.ACCREDITED)
    if org_type in set(OrganisationType):
        query = query.where(Organisation.type == OrganisationType(org_type))
    return query.order_by(Organisation.name)
