"""Listings of consultations, and search hits turned into what the reader may see."""
import hashlib

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.moderation.visibility import is_visible

from .models import Consultation, PhaseWindow
from .proposals.models import Feedback, Proposal


def consultations(council_id: int | None = None):
    """With their councils and phase calendars (the list shows both), in two queries whatever their number."""
    query = select(Consultation).options(joinedload(Consultation.council), selectinload(Consultation.phases)) \
        .order_by(Consultation.created_at.desc())
    return query.where(Consultation.council_id == council_id) if council_id else query


def consultation_page(consultation_id: int) -> Consultation | None:
    """A consultation with its council and calendar, in one query."""
    return db.session.scalars(select(Consultation).where(Consultation.id == consultation_id)
                              .options(joinedload(Consultation.council), joinedload(Consultation.phases))
                              ).unique().one_or_none()


def revisions() -> str:
    """A digest of every consultation's revision: it changes whenever any consultation changes what
    its pages show, or is added or deleted (search results span them all). The creation time tells a
    new consultation from a deleted one whose id SQLite gave again."""
    rows = _read_alone(select(Consultation.id, Consultation.created_at, Consultation.revision)
                       .order_by(Consultation.id))
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


_STAMP = (Consultation.id, Consultation.council_id, Consultation.created_at, Consultation.revision,
          Consultation.visibility, Consultation.phase_override, PhaseWindow.phase, PhaseWindow.starts_at)
# Built once: on a cache hit the stamp is the page's only query, and building the statement anew
# (coercions, cache key) cost more than running it (about 1.1 of 1.8 ms, measured on PostgreSQL).
_STAMP_QUERY = select(*_STAMP).outerjoin(PhaseWindow, PhaseWindow.consultation_id == Consultation.id)
_STAMP_BY_CONSULTATION = _STAMP_QUERY.where(Consultation.id == bindparam("consultation_id"))
_STAMP_BY_PROPOSAL = _STAMP_QUERY.join(Proposal, Proposal.consultation_id == Consultation.id) \
    .where(Proposal.id == bindparam("proposal_id"))


def stamp(consultation_id: int | None = None, proposal_id: int | None = None) -> Consultation | None:
    """What a shared (cached) page needs before anything else: the consultation's revision, and what
    tells whether an anonymous visitor may see it (visibility, calendar), as a Consultation that is
    never added to the session. One statement, read outside the request's transaction (no BEGIN and
    COMMIT round trips): on a cache hit, the page costs this one query."""
    if proposal_id is not None:
        rows = _read_alone(_STAMP_BY_PROPOSAL, {"proposal_id": proposal_id})
    else:
        rows = _read_alone(_STAMP_BY_CONSULTATION, {"consultation_id": consultation_id})
    if not rows:
        return None
    first = rows[0]
    consultation = Consultation(id=first.id, council_id=first.council_id, created_at=first.created_at,
                                revision=first.revision, visibility=first.visibility,
                                phase_override=first.phase_override)
    consultation.phases = [PhaseWindow(phase=r.phase, starts_at=r.starts_at) for r in rows if r.phase is not None]
    return consultation


def _read_alone(query, parameters: dict | None = None) -> list:
    """On PostgreSQL, a statement in autocommit on its own connection; elsewhere, in the session."""
    if db.engine.dialect.name != "postgresql":
        return db.session.execute(query, parameters).all()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        return connection.execute(query, parameters).all()


def visible_hits(hits, user) -> list[dict]:
    """Search hits turned into records, keeping only what the reader may see (hidden content never):
    one query per kind of record and one for the consultations, whatever the number of hits."""
    from .permissions import can_view_consultation

    def ids(kind):
        return [ref_id for k, ref_id, _ in hits if k == kind]

    proposals = _by_id(Proposal, ids("proposal"))
    replies = _by_id(Feedback, ids("feedback"), joinedload(Feedback.proposal))
    consultations = _by_id(Consultation, ids("consultation") + [p.consultation_id for p in proposals.values()]
                           + [r.proposal.consultation_id for r in replies.values()], joinedload(Consultation.phases))
    results = []
    for kind, ref_id, score in hits:
        record = {"consultation": consultations, "proposal": proposals, "feedback": replies}.get(kind, {}).get(ref_id)
        if record is None or (kind != "consultation" and not is_visible(record)):
            continue
        proposal = record.proposal if kind == "feedback" else None
        consultation = record if kind == "consultation" else consultations.get((proposal or record).consultation_id)
        if consultation is not None and can_view_consultation(user, consultation):
            results.append({"kind": kind, "record": record, "proposal": proposal, "consultation": consultation,
                            "score": score})
    return results


def visible_to(user, council_id: int | None = None) -> list[Consultation]:
    """The consultations this reader may see (of one council, when given)."""
    from .permissions import can_view_consultation

    return [c for c in db.session.scalars(consultations(council_id)) if can_view_consultation(user, c)]
def _by_id(model, ids: list[int], *options) -> dict:
    """{id: record} in one query (none when there is nothing to fetch)."""
    if not ids:
        return {}
    rows = db.session.scalars(select(model).where(model.id.in_(set(ids))).options(*options)).unique()
    return {row.id: row for row in rows}
