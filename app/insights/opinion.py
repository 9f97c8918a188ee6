"""What a reader may see of a consultation's opinion groups: the view model of the opinion map.

The snapshot holds everyone's pseudonymous position; a reader gets aggregates only: groups of at least
the council's k (smaller ones fold into "others"), each group's centre and spread (a region, never its
members' points), shares agreeing computed from at least k votes, and their own point when they voted.
Statements hidden or rejected since the run are left out, as on every other listing."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, false, select

from app.consultations.deliberation.models import Statement, StatementStatus, Vote
from app.consultations.phases import Phase
from app.extensions import db
from app.moderation.visibility import visible
from app.privacy import hidden_labels, safe_total
from app.roles import signed_in

from .models import OpinionSnapshot
from .opinion_stage import latest_snapshot_query

MAP_PHASES = {Phase.DELIBERATION, Phase.ANALYSIS, Phase.RESPONSE, Phase.FOLLOW_UP, Phase.CLOSED}
OTHERS = "others"


@dataclass
class StatementShare:
    statement_id: int
    text: str
    agree_share: float | None  # None: fewer than k votes behind it
    disagree_share: float | None
    direction: str = "agree"


@dataclass
class GroupView:
    number: int  # 1, 2, 3… as readers count
    size: int | None  # None: suppressed (secondary suppression beside a small "others")
    centre: tuple[float, float]
    spread: list[list[float]]
    representative: list[StatementShare]


@dataclass
class DivisiveView:
    statement_id: int
    text: str
    shares: list[tuple[int, float | None]]  # (group number, share agreeing) for the groups shown


@dataclass
class OpinionMapView:
    snapshot_id: int
    created_at: datetime
    k: int
    groups: list[GroupView]
    others: int | None  # voters in no group shown; None: suppressed
    voters: int | None  # everyone the snapshot counted; None: suppressed
    consensus: list[StatementShare]
    divisive: list[DivisiveView]
    you: tuple[float, float] | None = None  # the reader's own position, never anyone else's
    your_group: int | None = None
    you_voted: bool = False  # the reader has votes in this consultation (placed or not yet)

    def to_json(self) -> dict:
        """The same aggregates for the JSON endpoint (and nothing the page does not show)."""
        return {"snapshot": self.snapshot_id, "created_at": self.created_at.isoformat(), "k": self.k,
                "voters": self.voters, "others": self.others,
                "groups": [{"group": g.number, "size": g.size, "centre": list(g.centre),
                            "representative": [_share_json(s) for s in g.representative]} for g in self.groups],
                "consensus": [_share_json(s) for s in self.consensus],
                "divisive": [{"statement_id": d.statement_id, "text": d.text,
                              "agree_share_by_group": {str(n): share for n, share in d.shares}}
                             for d in self.divisive],
                "you": ({"position": list(self.you), "group": self.your_group} if self.you else None)}


def _share_json(share: StatementShare) -> dict:
    return {"statement_id": share.statement_id, "text": share.text, "direction": share.direction,
            "agree_share": share.agree_share, "disagree_share": share.disagree_share}


def latest_snapshot(consultation) -> OpinionSnapshot | None:
    """The newest snapshot of the consultation from a run that did not fail."""
    return db.session.scalar(latest_snapshot_query(consultation))


def shows_map(consultation) -> bool:
    """From deliberation on: before it there are no statements to have opinions about."""
    return consultation.current_phase in MAP_PHASES


def map_for_reader(consultation, reader) -> OpinionMapView | None:
    """The opinion map this reader may see, or None when there is none yet. The caller has checked
    that the reader may see the consultation."""
    if not shows_map(consultation):
        return None
    found = db.session.execute(latest_snapshot_query(consultation)
                               .add_columns(_has_voted(consultation.id, reader).label("voted"))).first()
    if found is None:
        return None
    snapshot, voted = found
    view = view_of(snapshot, consultation.council.k_anonymity, reader)
    view.you_voted = view.you is not None or bool(voted)
    return view


def _has_voted(consultation_id: int, reader):
    """SQL: the reader has votes in the consultation (asked with the snapshot: one query, not two)."""
    if not signed_in(reader):
        return false()
    return exists().where(Vote.user_id == reader.id, Vote.statement_id == Statement.id,
                          Statement.consultation_id == consultation_id)


def view_of(snapshot: OpinionSnapshot, k: int, reader=None) -> OpinionMapView:
    """The snapshot as a reader may see it with the council's k (which may have risen since the run)."""
    shown = [g for g in snapshot.groups if g.get("size", 0) >= k]
    number = {g["id"]: n for n, g in enumerate(shown, start=1)}
    texts = _visible_texts(snapshot)
    sizes = _suppressed_sizes(snapshot, shown, k)
    view = OpinionMapView(
        snapshot.id, snapshot.created_at, k,
        [GroupView(number[g["id"]], sizes[g["id"]], tuple(g["centre"]), g.get("spread") or [[0, 0], [0, 0]],
                   _shares(g.get("representative", []), texts, k)) for g in shown],
        sizes[OTHERS], safe_total(snapshot.participants + _unplaced(snapshot), k),
        _shares(snapshot.consensus if shown else [], texts, k),
        _divisive(snapshot.divisive, number, texts, k))
    _place_reader(view, snapshot, number, reader)
    return view


def _unplaced(snapshot) -> int:
    """Voters the engine did not place (too few votes): counted, but not in `participants`."""
    unplaced_in_points = sum(1 for point in snapshot.points.values() if point[2] is None)
    return max(snapshot.unassigned - unplaced_in_points, 0)


def _suppressed_sizes(snapshot, shown, k) -> dict:
    """Group sizes and the "others" count, small cells hidden (app/privacy.py) since a total is shown."""
    others = snapshot.participants + _unplaced(snapshot) - sum(g["size"] for g in shown)
    counts = {g["id"]: g["size"] for g in shown} | {OTHERS: max(others, 0)}
    hidden = hidden_labels(counts, k)
    return {label: (None if label in hidden else n) for label, n in counts.items()}


def _visible_texts(snapshot) -> dict[int, str]:
    """Texts of the statements the snapshot mentions that are still approved and not hidden."""
    ids = {s["statement_id"] for s in snapshot.consensus} | {s["statement_id"] for s in snapshot.divisive}
    ids |= {s["statement_id"] for g in snapshot.groups for s in g.get("representative", [])}
    if not ids:
        return {}
    rows = db.session.execute(visible(select(Statement.id, Statement.text), Statement)
                              .where(Statement.id.in_(ids), Statement.status == StatementStatus.APPROVED))
    return {statement_id: text for statement_id, text in rows}


def _share(value: float, votes: int, k: int) -> float | None:
    return value if votes >= k else None


def _shares(items, texts, k) -> list[StatementShare]:
    return [StatementShare(s["statement_id"], texts[s["statement_id"]], _share(s["agree_share"], s["votes"], k),
                           _share(s["disagree_share"], s["votes"], k), s.get("direction", "agree"))
            for s in items if s["statement_id"] in texts]


def _divisive(items, number, texts, k) -> list[DivisiveView]:
    """Divisive statements across the groups shown (with fewer than two groups, nothing divides)."""
    if len(number) < 2:
        return []
    return [DivisiveView(d["statement_id"], texts[d["statement_id"]],
                         [(number[s["group"]], _share(s["agree_share"], s["votes"], k))
                          for s in d["groups"] if s["group"] in number])
            for d in items if d["statement_id"] in texts]


def _place_reader(view: OpinionMapView, snapshot, number, reader) -> None:
    """The reader's own point, from the snapshot: theirs and nobody else's."""
    if not signed_in(reader):
        return
    point = snapshot.points.get(str(reader.id))
    if point is not None:
        view.you = (point[0], point[1])
        view.your_group = number.get(point[2])
        view.you_voted = True
