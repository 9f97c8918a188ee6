"""The opinion stage of an analysis run: the consultation's statement votes -> an OpinionSnapshot.

Warm-started from the previous snapshot's `state`, so that k changes only after it has won several runs
(the engine's k smoother), and the groups stay recognisable from one run to the next. The snapshot keeps
positions and per-group aggregates only: never how anyone voted."""
import numpy as np
from sqlalchemy import select

from app.analysis.opinion import OpinionResult, VoteMatrix, opinion_groups, stability
from app.consultations.deliberation.models import Statement, StatementStatus, Vote
from app.extensions import db
from app.moderation.visibility import visible

from .models import AnalysisRun, OpinionSnapshot, RunStatus

STABILITY_SEEDS = range(3)  # enough to tell a stable grouping from a coin toss, cheap on real conversations


def run_opinion_stage(consultation, run):
    """Add this run's OpinionSnapshot to the session and return it (None when there are too few votes:
    fewer voters than the council's k, or fewer than two statements voted on, make no map)."""
    k = consultation.council.k_anonymity
    matrix = vote_matrix(consultation)
    if len(matrix.participants) < max(k, 2) or len(matrix.statements) < 2:
        return None
    previous = latest_state_snapshot(consultation, run)
    options = {"min_group_size": k, "seed": _seed(run)}
    result = opinion_groups(matrix, state=previous.state if previous else None, **options)
    snapshot = _snapshot_of_run(run) or OpinionSnapshot(consultation_id=consultation.id, run_id=run.id if run else None)
    _fill(snapshot, matrix, result)
    snapshot.report = {**result.report, "voters": len(matrix.participants), "statements": len(matrix.statements),
                       "warm_start_from": previous.id if previous else None, "parameters": result.parameters,
                       "stability": stability(matrix, seeds=STABILITY_SEEDS, min_group_size=k)}
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def vote_matrix(consultation) -> VoteMatrix:
    """Votes on the consultation's approved statements that are not hidden, participants and statements
    named by their ids (as strings, the engine's currency)."""
    statements = visible(select(Statement.id).where(Statement.consultation_id == consultation.id,
                                                    Statement.status == StatementStatus.APPROVED))
    rows = db.session.execute(select(Vote.user_id, Vote.statement_id, Vote.value, Vote.created_at)
                              .where(Vote.statement_id.in_(statements)).order_by(Vote.id))
    return VoteMatrix.from_votes((user, statement, value, when.timestamp() if when else "")
                                 for user, statement, value, when in rows)


def latest_state_snapshot(consultation, run=None) -> OpinionSnapshot | None:
    """The snapshot to warm-start from: the newest one of an earlier run that did not fail."""
    return db.session.scalar(latest_snapshot_query(consultation, run))


def latest_snapshot_query(consultation, run=None):
    """The newest snapshot of the consultation from a run that did not fail (nor `run` itself)."""
    query = (select(OpinionSnapshot).outerjoin(AnalysisRun, AnalysisRun.id == OpinionSnapshot.run_id)
             .where(OpinionSnapshot.consultation_id == consultation.id,
                    (AnalysisRun.id.is_(None)) | (AnalysisRun.status != RunStatus.FAILED))
             .order_by(OpinionSnapshot.created_at.desc(), OpinionSnapshot.id.desc()).limit(1))
    if run is not None and run.id is not None:
        query = query.where((OpinionSnapshot.run_id.is_(None)) | (OpinionSnapshot.run_id != run.id))
    return query


def _snapshot_of_run(run) -> OpinionSnapshot | None:
    """A resumed run that had already stored its snapshot replaces it rather than adding a second one."""
    if run is None or run.id is None:
        return None
    return db.session.scalar(select(OpinionSnapshot).where(OpinionSnapshot.run_id == run.id))


def _seed(run) -> int:
    seed = (getattr(run, "parameters", None) or {}).get("seed", 0)
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else 0


def _fill(snapshot: OpinionSnapshot, matrix: VoteMatrix, result: OpinionResult) -> None:
    """Positions, groups (centre and spread, for drawing a region rather than its members), consensus
    and divisive statements, with the counts behind every share so that pages can suppress small ones."""
    group_of = result.assignments
    snapshot.participants = len(result.coordinates)
    snapshot.k = len(result.groups)
    snapshot.points = {p: [round(x, 4), round(y, 4), group_of.get(p)] for p, (x, y) in result.coordinates.items()}
    snapshot.unassigned = sum(1 for p in matrix.participants if group_of.get(p) is None)
    snapshot.groups = [_group(group, result.coordinates) for group in result.groups]
    snapshot.consensus = [_share(score) for score in result.consensus]
    snapshot.divisive = _divisive(matrix, result)
    snapshot.state = result.state


def _group(group, coordinates) -> dict:
    points = np.array([coordinates[p] for p in group.members if p in coordinates], dtype=float).reshape(-1, 2)
    centre = points.mean(axis=0) if len(points) else np.zeros(2)
    spread = np.cov(points, rowvar=False) if len(points) > 1 else np.zeros((2, 2))
    return {"id": group.id, "size": len(group.members), "centre": [round(float(v), 4) for v in centre],
            "spread": [[round(float(v), 6) for v in row] for row in spread],
            "representative": [_share(score) for score in group.representative]}


def _share(score) -> dict:
    return {"statement_id": int(score.statement), "agree_share": score.agree_rate,
            "disagree_share": score.disagree_rate, "votes": score.votes, "direction": score.direction}


def _divisive(matrix: VoteMatrix, result: OpinionResult) -> list[dict]:
    """The engine's divisive statements, with each group's plain share agreeing and how many voted."""
    column = {s: j for j, s in enumerate(matrix.statements)}
    row = {p: i for i, p in enumerate(matrix.participants)}
    rows = {g.id: [row[p] for p in g.members] for g in result.groups}
    found = []
    for item in result.divisive:
        values = matrix.values[:, column[item["statement"]]]
        by_group = []
        for group_id, members in rows.items():
            cast = values[members]
            votes = int((~np.isnan(cast)).sum())
            agrees = int((cast == 1).sum())
            by_group.append({"group": group_id, "agree_share": round(agrees / votes, 3) if votes else 0.0,
                             "votes": votes})
        found.append({"statement_id": int(item["statement"]), "spread": item["spread"], "groups": by_group})
    return found
