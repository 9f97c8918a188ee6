"""Who may read open data: the public, and only what the public may read.

The API, the exports and the feed answer every caller as an anonymous visitor, signed in or not: what
they publish is copied, cached and re-published elsewhere, so it must never depend on who asked (a
member's session must not turn a members-only consultation into open data)."""
from flask_login import AnonymousUserMixin

from app.consultations.permissions import can_view_consultation
from app.permissions import permission

PUBLIC = AnonymousUserMixin()


@permission
def can_read_open_data(user, consultation) -> bool:
    """A consultation is open data when an anonymous visitor may see it: published and public."""
    return can_view_consultation(PUBLIC, consultation)
