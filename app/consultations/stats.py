"""Small aggregates for lists and cards: how many proposals, organisations and people take part in
each consultation, and the supports and feedback of each proposal. A few grouped queries per page,
whatever the number of items listed.

The count of people is an aggregate about people: it goes through app.privacy (a total under the
council's k is not shown), like every other count of persons."""
from dataclasses import dataclass

from sqlalchemy import func, select, union

from app.extensions import db
from app.privacy import safe_total

from .deliberation.models import Statement, Vote
from .proposals.models import Feedback, Proposal, ProposalStatus, Support


@dataclass(frozen=True)
class Participation:
    proposals: int = 0
    organisations: int = 0
    people: int | None = 0  # None: fewer than the council's k, not shown


def participation(consultations) -> dict[int, Participation]:
    """{consultation id: Participation} for the given consultations, in three queries."""
    ids = [c.id for c in consultations]
    if not ids:
        return {}
    proposals, organisations = _proposal_counts(ids)
    people = _people_counts(ids)
    return {c.id: Participation(proposals.get(c.id, 0), organisations.get(c.id, 0),
                                safe_total(people.get(c.id, 0), c.council.k_anonymity)) for c in consultations}


def _proposal_counts(ids: list[int]) -> tuple[dict, dict]:
    rows = db.session.execute(
        select(Proposal.consultation_id, func.count(Proposal.id), func.count(func.distinct(Proposal.organisation_id)))
        .where(Proposal.consultation_id.in_(ids), Proposal.status == ProposalStatus.PUBLISHED)
        .group_by(Proposal.consultation_id)).all()
    return {cid: n for cid, n, _ in rows}, {cid: orgs for cid, _, orgs in rows}


def _people_counts(ids: list[int]) -> dict[int, int]:
    """Distinct people who proposed, answered, supported or voted, per consultation."""
    in_ids = Proposal.consultation_id.in_(ids)
    taking_part = union(
        select(Proposal.consultation_id.label("cid"), Proposal.author_id.label("uid")).where(in_ids),
        select(Proposal.consultation_id, Feedback.author_id).join(Feedback, Feedback.proposal_id == Proposal.id)
        .where(in_ids),
        select(Proposal.consultation_id, Support.user_id).join(Support, Support.proposal_id == Proposal.id)
        .where(in_ids),
        select(Statement.consultation_id, Vote.user_id).join(Vote, Vote.statement_id == Statement.id)
        .where(Statement.consultation_id.in_(ids)),
    ).subquery()
    rows = db.session.execute(select(taking_part.c.cid, func.count(taking_part.c.uid))
                              .where(taking_part.c.uid.is_not(None)).group_by(taking_part.c.cid)).all()
    return dict(rows)


def proposal_counts(proposals) -> dict[int, tuple[int, int]]:
    """{proposal id: (supports, feedback)} for a page of proposals, in two queries."""
    ids = [p.id for p in proposals]
    if not ids:
        return {}
    supports = dict(db.session.execute(select(Support.proposal_id, func.count(Support.id))
                                       .where(Support.proposal_id.in_(ids)).group_by(Support.proposal_id)).all())
    feedback = dict(db.session.execute(select(Feedback.proposal_id, func.count(Feedback.id))
                                       .where(Feedback.proposal_id.in_(ids)).group_by(Feedback.proposal_id)).all())
    return {i: (supports.get(i, 0), feedback.get(i, 0)) for i in ids}
