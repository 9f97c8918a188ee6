"""Listings of consultations, and search hits turned into what the reader may see."""
from sqlalchemy import select

from app.extensions import db
from app.moderation.visibility import is_visible

from .models import Consultation
from .proposals.models import Feedback, Proposal


def consultations(council_id: int | None = None):
    query = select(Consultation).order_by(Consultation.created_at.desc())
    return query.where(Consultation.council_id == council_id) if council_id else query


def visible_hits(hits, user) -> list[dict]:
    """Search hits turned into records, keeping only what the reader may see (hidden content never)."""
    from .permissions import can_view_consultation

    models = {"consultation": Consultation, "proposal": Proposal, "feedback": Feedback}
    results = []
    for kind, ref_id, score in hits:
        if kind not in models:
            continue
        record = db.session.get(models[kind], ref_id)
        if record is None or (kind != "consultation" and not is_visible(record)):
            continue
        proposal = db.session.get(Proposal, record.proposal_id) if kind == "feedback" else None
        consultation = record if kind == "consultation" else (proposal or record).consultation
        if can_view_consultation(user, consultation):
            results.append({"kind": kind, "record": record, "proposal": proposal, "consultation": consultation,
                            "score": score})
    return results


def visible_to(user, council_id: int | None = None) -> list[Consultation]:
    """The consultations this reader may see (of one council, when given)."""
    from .permissions import can_view_consultation

    return [c for c in db.session.scalars(consultations(council_id)) if can_view_consultation(user, c)]
