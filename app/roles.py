"""The two facts about a person that need no feature: signed in, and platform admin.

Roles on a council are in app/councils/roles.py."""


def signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_admin(user) -> bool:
    return signed_in(user) and bool(getattr(user, "is_admin", False))
