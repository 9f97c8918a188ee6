"""What the council secretariat may do, on its own council only; and what participants may do here
(report content, resubmit their organisation, declare their demographics)."""
from app.councils.roles import moderates, moderates_any
from app.organisations.models import Accreditation
from app.organisations.permissions import is_representative
from app.permissions import permission
from app.roles import signed_in


@permission
def can_accredit_organisation(user, organisation) -> bool:
    return moderates(user, organisation.council_id)


@permission
def can_moderate(user) -> bool:
    """Whether to offer the secretariat's pages at all (they list only the person's councils)."""
    return moderates_any(user)


@permission
def can_moderate_council(user, council) -> bool:
    """Reports, hiding, blocks, the audit log, the reference population, the dashboard and selections."""
    return moderates(user, council.id)


@permission
def can_resubmit_organisation(user, organisation) -> bool:
    """A representative sends the completed profile back to the secretariat."""
    return organisation.status == Accreditation.NEEDS_INFO and is_representative(user, organisation)


@permission
def can_report(user, item) -> bool:
    """Anyone signed in with a confirmed address may report what they can see, except their own."""
    return (signed_in(user) and user.email_verified and item.shown()
            and getattr(item, "author_id", None) != user.id)


@permission
def can_declare_demographics(user) -> bool:
    return signed_in(user)
