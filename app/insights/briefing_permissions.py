"""Who may read a consultation's briefing.

The city's decision-makers (commissioners) and the council's secretariat prepare it during analysis;
once the response phase opens it is public, like the responses it leads to, for everyone who may see
the consultation itself."""
from app.consultations.permissions import can_view_consultation
from app.consultations.phases import ORDER, Phase
from app.councils.roles import commissions, moderates
from app.permissions import permission

PUBLIC_FROM = Phase.RESPONSE


def briefing_is_public(consultation) -> bool:
    """From the response phase on (response, follow-up, closed)."""
    return ORDER.index(consultation.current_phase) >= ORDER.index(PUBLIC_FROM)


@permission
def can_view_briefing(user, consultation) -> bool:
    """Commissioners and moderators of the consultation's council always; anyone who may see the
    consultation once its briefing is public."""
    council_id = consultation.council_id
    if moderates(user, council_id) or commissions(user, council_id):
        return True
    return briefing_is_public(consultation) and can_view_consultation(user, consultation)
