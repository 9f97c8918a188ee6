"""Listings that views paginate: consultations, proposals (sorted and filtered), statements, activity."""
import hashlib

from sqlalchemy import func, select

from app.extensions import db
from app.organisations.models import Membership, MembershipStatus, Organisation

from .models import Consultation, Feedback, Proposal, Statement, StatementStatus, Support, Vote

SORTS = ("newest", "supported", "random")


def consultations(council_id: int | None = None):
    query = select(Consultation).order_by(Consultation.created_at.desc())
    return query.where(Consultation.council_id == council_id) if council_id else query


def proposals(consultation, sort: str = "newest", category: str | None = None, language: str | None = None,
              organisation_type: str | None = None, seed: str = ""):
    """Proposals of a consultation; `random` is stable for a given seed, so pages do not reshuffle."""
    supports = select(func.count(Support.id)).where(Support.proposal_id == Proposal.id).scalar_subquery()
    query = select(Proposal).where(Proposal.consultation_id == consultation.id)
    if category:
        query = query.where(Proposal.category == category)
    if language:
        query = query.where(Proposal.language == language)
    if organisation_type:
        query = query.join(Organisation, Organisation.id == Proposal.organisation_id) \
            .where(Organisation.type == organisation_type)
    if sort == "supported":
        return query.order_by(supports.desc(), Proposal.id.desc())
    if sort == "random":
        salt = int(hashlib.sha256(seed.encode()).hexdigest()[:6], 16) or 1
        return query.order_by((Proposal.id * salt) % 1000003, Proposal.id)
    return query.order_by(Proposal.created_at.desc(), Proposal.id.desc())


def support_counts(proposal) -> dict[str, int]:
    """Supporters by the type of organisation they belong to ('individual' when none); one query."""
    rows = db.session.execute(
        select(Support.user_id, Organisation.type)
        .outerjoin(Membership, (Membership.user_id == Support.user_id) & (Membership.status == MembershipStatus.ACTIVE))
        .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
        .where(Support.proposal_id == proposal.id)).all()
    by_type: dict[str, set] = {}
    for user_id, org_type in rows:
        by_type.setdefault(str(org_type) if org_type else "individual", set()).add(user_id)
    return {kind: len(users) for kind, users in sorted(by_type.items())}


def next_statement(consultation, user):
    """The oldest approved statement this person has not voted on yet."""
    voted = select(Vote.statement_id).where(Vote.user_id == user.id)
    return select(Statement).where(Statement.consultation_id == consultation.id,
                                   Statement.status == StatementStatus.APPROVED,
                                   Statement.id.not_in(voted)).order_by(Statement.id).limit(1)


def pending_statements(consultation):
    return select(Statement).where(Statement.consultation_id == consultation.id,
                                   Statement.status == StatementStatus.PENDING).order_by(Statement.id)


def my_proposals(user):
    return select(Proposal).where(Proposal.author_id == user.id).order_by(Proposal.created_at.desc())


def my_feedback(user):
    return select(Feedback).where(Feedback.author_id == user.id).order_by(Feedback.created_at.desc())


def visible_hits(hits, user) -> list[dict]:
    """Search hits turned into records, keeping only what the reader may see."""
    from .permissions import can_view_consultation

    models = {"consultation": Consultation, "proposal": Proposal, "feedback": Feedback}
    results = []
    for kind, ref_id, score in hits:
        record = db.session.get(models[kind], ref_id)
        if record is None:
            continue
        proposal = db.session.get(Proposal, record.proposal_id) if kind == "feedback" else None
        consultation = record if kind == "consultation" else (proposal or record).consultation
        if can_view_consultation(user, consultation):
            results.append({"kind": kind, "record": record, "proposal": proposal, "consultation": consultation,
                            "score": score})
    return results
