"""A consultation's `revision`: bumped in the same transaction as every change to what its public
pages show, so that a cached anonymous page (keyed by the revision) is never served after one.

One listener on the session sees every flush, so a new feature that edits, hides or withdraws a
proposal (or a reply, or the calendar) invalidates the cache without having to remember it.
What it deliberately leaves out: additions. A new proposal, reply or support (whose counters the
services move with an UPDATE, not through the flush) is shown on cached pages at most
CACHE_PAGE_TIMEOUT seconds late. Bumping for them would empty the cache of a busy consultation
several times a second, when nothing shown had become wrong: only changes and removals (an edit,
a withdrawal, hidden content, the calendar, the visibility) must reach every visitor at once."""
from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session

from .deliberation.models import Statement
from .models import Consultation, PhaseWindow
from .proposals.models import Attachment, Feedback, Proposal, ProposalVersion


def _consultation_of(obj) -> int | None:
    """The id of the consultation a changed object belongs to (None when it cannot be told)."""
    if isinstance(obj, Consultation):
        return obj.id
    if isinstance(obj, (PhaseWindow, Proposal, Statement)):
        return obj.consultation_id or getattr(obj.consultation, "id", None)
    if isinstance(obj, (ProposalVersion, Attachment, Feedback)):
        proposal = inspect(obj).session.get(Proposal, obj.proposal_id) if obj.proposal_id else None
        return proposal.consultation_id if proposal is not None else None
    return None


ADDITIONS = (Proposal, ProposalVersion, Attachment, Feedback, Statement)  # new ones: shown within the timeout


def _changed(session: Session):
    """Really modified and deleted objects, and new ones other than additions (see above)."""
    dirty = [obj for obj in session.dirty if session.is_modified(obj) and not _only_revision(obj)]
    new = [obj for obj in session.new if not isinstance(obj, ADDITIONS)]
    return [*new, *dirty, *session.deleted]


def _only_revision(obj) -> bool:
    """The bump itself must not count as a change."""
    if not isinstance(obj, Consultation):
        return False
    state = inspect(obj)
    return all(not attr.history.has_changes() for attr in state.attrs if attr.key != "revision")


@event.listens_for(Session, "before_flush")
def bump_revisions(session: Session, flush_context, instances) -> None:
    ids = {_consultation_of(obj) for obj in _changed(session)} - {None}
    if ids:
        session.execute(update(Consultation).where(Consultation.id.in_(ids))
                        .values(revision=Consultation.revision + 1).execution_options(synchronize_session=False))
