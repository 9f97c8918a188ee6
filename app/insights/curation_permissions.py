"""Who may correct what a run found: the secretariat of the consultation's own council (and the
platform admin, who stands in for every secretariat). Commissioners read the result, they do not edit it."""
from app.councils.roles import moderates
from app.permissions import permission


@permission
def can_curate(user, consultation) -> bool:
    """Rename, merge, split and move themes, decide duplicates and mandate flags of this consultation."""
    return moderates(user, consultation.council_id)
