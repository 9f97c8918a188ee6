"""Who may assign roles on a council."""
from app.permissions import permission
from app.roles import is_admin


@permission
def can_manage_council_roles(user, council=None) -> bool:
    """The platform operator names each council's secretariat, commissioners and members."""
    return is_admin(user)
