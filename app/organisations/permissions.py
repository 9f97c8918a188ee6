"""Who may see, edit and join an organisation. The secretariat acts only on its own council's."""
from app.councils.roles import moderates
from app.permissions import permission
from app.roles import signed_in

from .models import Accreditation, MembershipStatus


def membership_of(user, organisation):
    if not signed_in(user):
        return None
    return next((m for m in organisation.memberships if m.user_id == user.id), None)


def is_member(user, organisation) -> bool:
    membership = membership_of(user, organisation)
    return membership is not None and membership.status == MembershipStatus.ACTIVE


def is_representative(user, organisation) -> bool:
    membership = membership_of(user, organisation)
    return is_member(user, organisation) and membership.is_representative


def speaks_for_accredited_organisation(user, council_id: int | None = None) -> bool:
    """An active member of an accredited organisation (of the given council, when one is given)."""
    return signed_in(user) and any(
        m.status == MembershipStatus.ACTIVE and m.organisation.status == Accreditation.ACCREDITED
        and (council_id is None or m.organisation.council_id == council_id)
        for m in user.memberships)


def waiting_membership(user, council_id: int | None = None):
    """(why, organisation) for the first of this person's memberships in the council's organisations
    that does not yet let them take part: 'request_pending' (a representative has not answered),
    'organisation_pending' (the secretariat has not accredited it) or 'organisation_suspended'."""
    for membership in (user.memberships if signed_in(user) else []):
        organisation = membership.organisation
        if council_id is not None and organisation.council_id != council_id:
            continue
        if membership.status == MembershipStatus.PENDING:
            return "request_pending", organisation
        if membership.status == MembershipStatus.ACTIVE and organisation.status != Accreditation.ACCREDITED:
            return f"organisation_{organisation.status.value}", organisation
    return None


@permission
def can_view_organisation(user, organisation) -> bool:
    """Accredited profiles are public; others only to their members and the secretariat."""
    return (organisation.status == Accreditation.ACCREDITED
            or is_member(user, organisation) or moderates(user, organisation.council_id))


@permission
def can_create_organisation(user) -> bool:
    return signed_in(user)


@permission
def can_edit_organisation(user, organisation) -> bool:
    return is_representative(user, organisation) or moderates(user, organisation.council_id)


@permission
def can_see_invite_code(user, organisation) -> bool:
    return can_edit_organisation(user, organisation)


@permission
def can_decide_membership(user, organisation) -> bool:
    """Representatives vouch for their members; the secretariat can step in."""
    return is_representative(user, organisation) or moderates(user, organisation.council_id)


@permission
def can_request_membership(user, organisation) -> bool:
    """Not for the council's own secretariat, who accredit the organisations they would join."""
    return (signed_in(user) and membership_of(user, organisation) is None
            and organisation.status not in (Accreditation.SUSPENDED, Accreditation.REJECTED)
            and not moderates(user, organisation.council_id))
