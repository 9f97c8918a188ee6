"""What the council secretariat may do."""
from app.permissions import permission
from app.roles import is_moderator


@permission
def can_accredit_organisation(user, organisation=None) -> bool:
    return is_moderator(user)


@permission
def can_moderate(user) -> bool:
    return is_moderator(user)
