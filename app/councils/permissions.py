"""Who may assign roles on a council."""
from app.permissions import permission
from app.roles import is_admin

from .roles import moderates


@permission
def can_manage_council_roles(user, council=None) -> bool:
    """The platform operator names each council's secretariat, commissioners and members."""
    return is_admin(user)


@permission
def can_edit_council(user, council) -> bool:
    """The council's secretariat keeps its public description and contact up to date."""
    return moderates(user, council.id)
