"""Who may manage accounts."""
from app.permissions import permission
from app.roles import is_admin


@permission
def can_manage_users(user) -> bool:
    """Only the platform operator changes roles: a moderator must not promote themself."""
    return is_admin(user)
