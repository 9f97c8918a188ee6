"""Small predicates about people that every domain's permission functions compose."""
from app.accounts.models import Role


def signed_in(user) -> bool:
    return bool(user.is_authenticated)


def is_moderator(user) -> bool:
    """Council secretariat; the platform admin may stand in for them."""
    return signed_in(user) and user.has_role(Role.MODERATOR, Role.ADMIN)


def is_admin(user) -> bool:
    return signed_in(user) and user.has_role(Role.ADMIN)


def is_commissioner(user) -> bool:
    return signed_in(user) and user.has_role(Role.COMMISSIONER)
