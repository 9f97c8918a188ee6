"""Who may answer for the city, review an answer and report on commitments, per council.

Commissioners of the consultation's council draft answers and keep commitments up to date; a second
commissioner or a moderator (the secretariat) of that council reviews and publishes, never the person
who wrote the wording. Reading published answers follows the consultation (and the proposal's
visibility), like every public page."""
from app.consultations.phases import ORDER, Phase
from app.consultations.permissions import can_view_consultation
from app.councils.roles import commissions, moderates
from app.moderation.visibility import is_visible
from app.permissions import permission

from .models import VersionStatus


def _council_of(consultation) -> int | None:
    return getattr(consultation, "council_id", None)


@permission
def can_draft_response(user, consultation) -> bool:
    """Write or correct an answer, and add commitments: the city's commissioners on this council."""
    return commissions(user, _council_of(consultation))


@permission
def can_manage_responses(user, consultation) -> bool:
    """See the answering desk of a consultation (drafts included): its commissioners and secretariat."""
    council_id = _council_of(consultation)
    return commissions(user, council_id) or moderates(user, council_id)


@permission
def can_review_response(user, version, consultation) -> bool:
    """Publish (or send back) a version in review: a second commissioner or a moderator, not its drafter."""
    council_id = _council_of(consultation)
    return (version is not None and version.status == VersionStatus.IN_REVIEW
            and version.drafted_by_id != user.id
            and (commissions(user, council_id) or moderates(user, council_id)))


@permission
def can_update_commitment(user, commitment) -> bool:
    """Report progress on a commitment: the commissioners of its council."""
    return commissions(user, commitment.council_id)


@permission
def can_view_response(user, response, consultation, proposal=None) -> bool:
    """A response is public once published, where its consultation (and its proposal) can be seen."""
    if not can_view_consultation(user, consultation):
        return False
    return proposal is None or is_visible(proposal) or can_manage_responses(user, consultation)


@permission
def shows_account(user, consultation) -> bool:
    """"You said, we did" is offered from the response phase on (it is reachable before, and then says
    that nothing is answered yet); its readers are the consultation's readers."""
    return ORDER.index(consultation.current_phase) >= ORDER.index(Phase.RESPONSE)
