"""Organisation use cases: create, edit, join by code, request and decide memberships.
They change the session and raise OrganisationError; the request commits."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.clock import utcnow
from app.domain_errors import DomainError
from app.extensions import db

from .models import Accreditation, Membership, MembershipStatus, Organisation, OrganisationType

PROFILE_FIELDS = ("name", "type", "description", "communities_served", "languages_served",
                  "neighbourhoods", "membership_band", "funding_sources")


class OrganisationError(DomainError):
    pass


def _apply(organisation: Organisation, data: dict) -> None:
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(organisation, name, data[name])


def _check_unique_name(organisation: Organisation) -> None:
    """One name per council, checked before the database would refuse it at commit."""
    clash = db.session.scalar(select(Organisation.id).where(
        Organisation.council_id == organisation.council_id, Organisation.name == organisation.name,
        Organisation.id != organisation.id if organisation.id else True))
    if clash:
        raise OrganisationError(_l("An organisation with this name already exists in this council."), field="name")


def create(founder, council, data: dict) -> Organisation:
    """A new organisation starts pending; its founder is its first representative."""
    organisation = Organisation(council_id=council.id, status=Accreditation.PENDING)
    _apply(organisation, data)
    with db.session.no_autoflush:
        _check_unique_name(organisation)
    organisation.memberships.append(Membership(
        user=founder, status=MembershipStatus.ACTIVE, is_representative=True, decided_at=utcnow()))
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update(organisation: Organisation, data: dict) -> None:
    with db.session.no_autoflush:
        _apply(organisation, data)
        _check_unique_name(organisation)


def join_by_code(user, code: str) -> Membership:
    """An invite code from a representative makes the member active at once."""
    organisation = db.session.scalar(select(Organisation).where(Organisation.invite_code == code.strip()))
    if organisation is None or organisation.status in (Accreditation.SUSPENDED, Accreditation.REJECTED):
        raise OrganisationError(_l("No organisation uses this invitation code."), field="code")
    membership = _existing(user, organisation)
    if membership and membership.status == MembershipStatus.ACTIVE:
        raise OrganisationError(_l("You are already a member of %(name)s.", name=organisation.name), field="code")
    if membership is None:
        membership = Membership(user_id=user.id, organisation_id=organisation.id)
        db.session.add(membership)
    membership.status, membership.decided_at = MembershipStatus.ACTIVE, utcnow()
    db.session.flush()
    db.session.refresh(user, ["memberships"])
    return membership


def request_membership(user, organisation: Organisation) -> Membership:
    """Ask to join; a representative approves. One request per person and organisation."""
    if _existing(user, organisation):
        raise OrganisationError(_l("You have already asked to join this organisation."))
    try:
        with db.session.begin_nested():
            membership = Membership(user_id=user.id, organisation_id=organisation.id, status=MembershipStatus.PENDING)
            db.session.add(membership)
    except IntegrityError:
        raise OrganisationError(_l("You have already asked to join this organisation."))
    return membership


def decide_membership(membership: Membership, approve: bool) -> None:
    if membership.status != MembershipStatus.PENDING:
        raise OrganisationError(_l("This request has already been decided."))
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.REJECTED
    membership.decided_at = utcnow()


def _existing(user, organisation) -> Membership | None:
    return db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.organisation_id == organisation.id))


def public_listing(org_type: str | None = None, council_id: int | None = None):
    """Accredited organisations, the only ones a visitor sees listed (of one council, when given)."""
    query = select(Organisation).where(Organisation.status == Accreditation.ACCREDITED)
    if org_type in set(OrganisationType):
        query = query.where(Organisation.type == OrganisationType(org_type))
    if council_id is not None:
        query = query.where(Organisation.council_id == council_id)
    return query.order_by(Organisation.name)


def accredited_counts() -> dict[int, int]:
    """{council id: number of accredited organisations}, in one query (for the home page)."""
    return dict(db.session.execute(select(Organisation.council_id, func.count(Organisation.id))
                                   .where(Organisation.status == Accreditation.ACCREDITED)
                                   .group_by(Organisation.council_id)).all())
