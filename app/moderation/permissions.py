"""What the council secretariat may do, on its own council only."""
from app.councils.roles import moderates, moderates_any
from app.permissions import permission


@permission
def can_accredit_organisation(user, organisation) -> bool:
    return moderates(user, organisation.council_id)


@permission
def can_moderate(user) -> bool:
    """Whether to offer the secretariat's pages at all (they list only the person's councils)."""
    return moderates_any(user)
