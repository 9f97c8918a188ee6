"""Small aggregates for lists and cards: how many proposals, organisations and people take part in
each consultation, and the supports and feedback of each proposal. A few grouped queries per page,
whatever the number of items listed.

The count of people is an aggregate about people: it goes through app.privacy (a total under the
council's k is not shown), like every other count of persons."""
from dataclasses import dataclass

from sqlalchemy import func, select, union

from app.caching import share_values, shared_values, sharing_on
from app.extensions import db
from app.privacy import safe_total

from .deliberation.models import Statement, Vote
from .models import Consultation
from .proposals.models import Feedback, Proposal, ProposalStatus, Support


@dataclass(frozen=True)
class Participation:
    proposals: int = 0
    organisations: int = 0
    people: int | None = 0  # None: fewer than the council's k, not shown


def participation(consultations) -> dict[int, Participation]:
    """{consultation id: Participation} for the given consultations, in one statement at most.

    The statement counts every proposal, reply, support and vote (about 20 ms at 10,000 proposals and
    40,000 supports), and every page of a consultation shows its result, signed in or not. So results
    are shared through the cache under the consultation's revision, with the freshness of the cached
    pages (app/consultations/freshness.py): a removal or a change of visibility is a new revision and
    is counted at once; an addition shows within CACHE_PAGE_TIMEOUT seconds. The counts are the same
    for everyone (people under the council's k are hidden before caching), so sharing them leaks
    nothing about the reader."""
    consultations = list(consultations)
    if not sharing_on():  # the operator turned shared caching off
        return _count(consultations)
    # The creation time tells a new consultation from a deleted one whose id SQLite gave again.
    keys = {c.id: f"participation:{c.id}:{c.created_at}:{c.revision}:{c.council.k_anonymity}"
            for c in consultations}
    found = shared_values(list(keys.values()))
    result = {c.id: found[keys[c.id]] for c in consultations if found.get(keys[c.id]) is not None}
    missing = [c for c in consultations if c.id not in result]
    if missing:
        counted = _count(missing)
        share_values({keys[cid]: value for cid, value in counted.items()})
        result.update(counted)
    return result


def _count(consultations) -> dict[int, Participation]:
    """{consultation id: Participation}, counted in one statement."""
    ids = [c.id for c in consultations]
    counts = _proposal_counts(ids)
    people = _people_counts(ids)
    rows = db.session.execute(
        select(Consultation.id, counts.c.proposals, counts.c.organisations, people.c.people)
        .outerjoin(counts, counts.c.cid == Consultation.id).outerjoin(people, people.c.cid == Consultation.id)
        .where(Consultation.id.in_(ids))).all()
    found = {cid: (n or 0, orgs or 0, persons or 0) for cid, n, orgs, persons in rows}
    return {c.id: Participation(found.get(c.id, (0, 0, 0))[0], found.get(c.id, (0, 0, 0))[1],
                                safe_total(found.get(c.id, (0, 0, 0))[2], c.council.k_anonymity))
            for c in consultations}


def _proposal_counts(ids: list[int]):
    """Published proposals and the organisations behind them, per consultation (a subquery)."""
    return select(Proposal.consultation_id.label("cid"), func.count(Proposal.id).label("proposals"),
                  func.count(func.distinct(Proposal.organisation_id)).label("organisations")) \
        .where(Proposal.consultation_id.in_(ids), Proposal.status == ProposalStatus.PUBLISHED) \
        .group_by(Proposal.consultation_id).subquery()


def _people_counts(ids: list[int]):
    """Distinct people who proposed, answered, supported or voted, per consultation (a subquery)."""
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
    return select(taking_part.c.cid, func.count(taking_part.c.uid).label("people")) \
        .where(taking_part.c.uid.is_not(None)).group_by(taking_part.c.cid).subquery()


def proposal_counts(proposals) -> dict[int, tuple[int, int]]:
    """{proposal id: (supports, feedback)} for a page of proposals, from the counters the services
    keep in the same transaction as each support and reply (no query)."""
    return {p.id: (p.support_count, p.feedback_count) for p in proposals}
