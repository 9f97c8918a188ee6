"""Listings of proposals and feedback that views paginate."""
import hashlib

from sqlalchemy import BigInteger, cast, func, select

from app.extensions import db
from app.moderation.visibility import visible
from app.organisations.models import Membership, MembershipStatus, Organisation

from .models import Feedback, Proposal, Support

SORTS = ("newest", "supported", "random")
_PRIME = 1_000_003  # the random order's modulus: well above any page count, and id * salt stays in 64 bits


def proposals(consultation, sort: str = "newest", category: str | None = None, language: str | None = None,
              organisation_type: str | None = None, seed: str = ""):
    """Proposals of a consultation; `random` is stable for a given seed, so pages do not reshuffle."""
    query = visible(select(Proposal).where(Proposal.consultation_id == consultation.id))
    if category:
        query = query.where(Proposal.category == category)
    if language:
        query = query.where(Proposal.language == language)
    if organisation_type:
        query = query.join(Organisation, Organisation.id == Proposal.organisation_id) \
            .where(Organisation.type == organisation_type)
    if sort == "supported":
        supports = select(func.count(Support.id)).where(Support.proposal_id == Proposal.id).scalar_subquery()
        return query.order_by(supports.desc(), Proposal.id.desc())
    if sort == "random":
        return query.order_by(random_key(seed), Proposal.id)
    return query.order_by(Proposal.created_at.desc(), Proposal.id.desc())


def random_key(seed: str):
    """A per-visitor shuffle computed in 64-bit arithmetic: ids up to 2^31 times a salt below 2^24
    cannot overflow on PostgreSQL (where `id * salt` in 32 bits did)."""
    salt = int(hashlib.sha256(seed.encode()).hexdigest()[:6], 16) or 1
    return (cast(Proposal.id, BigInteger) * salt) % _PRIME


def support_counts(proposal) -> dict[str, int]:
    """Supporters by the type of organisation they belong to ('individual' when none); one query.
    Small cells are the caller's to suppress (app.privacy)."""
    rows = db.session.execute(
        select(Support.user_id, Organisation.type)
        .outerjoin(Membership, (Membership.user_id == Support.user_id) & (Membership.status == MembershipStatus.ACTIVE))
        .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
        .where(Support.proposal_id == proposal.id)).all()
    by_type: dict[str, set] = {}
    for user_id, org_type in rows:
        by_type.setdefault(str(org_type) if org_type else "individual", set()).add(user_id)
    return {kind: len(users) for kind, users in sorted(by_type.items())}


def feedback_threads(proposal, reader) -> dict:
    """The proposal's visible replies by parent id (None: top level), oldest first; the reader's own
    hidden replies stay, marked. A reply whose parent is hidden moves up to the top level."""
    query = visible(select(Feedback).where(Feedback.proposal_id == proposal.id), author=reader)
    items = list(db.session.scalars(query.order_by(Feedback.created_at, Feedback.id)))
    shown = {f.id for f in items}
    threads: dict = {}
    for item in items:
        threads.setdefault(item.parent_id if item.parent_id in shown else None, []).append(item)
    return threads


def my_proposals(user):
    """The author's own, hidden ones included (marked, with the reason)."""
    return visible(select(Proposal).where(Proposal.author_id == user.id), author=user) \
        .order_by(Proposal.created_at.desc())


def my_feedback(user):
    return visible(select(Feedback).where(Feedback.author_id == user.id), author=user) \
        .order_by(Feedback.created_at.desc())
