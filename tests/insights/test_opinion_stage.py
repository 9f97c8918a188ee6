"""The opinion stage of a run: a snapshot from the votes in the database, warm-started from the last one."""
import numpy as np
from sqlalchemy import func, select

from app.analysis.opinion import opinion_groups
from app.consultations.deliberation import services as deliberation
from app.extensions import db
from app.insights.models import OpinionSnapshot, RunStatus
from app.insights.opinion_stage import run_opinion_stage, vote_matrix
from tests.insights.opinion_world import deliberating, new_run, snapshot_now, voters


def test_the_stage_builds_a_snapshot_from_the_votes(db):
    consultation, statements = deliberating()
    people = voters(consultation, statements, {"A": 8, "B": 6})
    run = new_run(consultation)
    snapshot = run_opinion_stage(consultation, run)
    assert snapshot in db.session and snapshot.run_id == run.id and snapshot.consultation_id == consultation.id
    assert snapshot.k == 2 and snapshot.participants == 14 and snapshot.unassigned == 0
    assert sorted(g["size"] for g in snapshot.groups) == [6, 8]
    group_of = {uid: point[2] for uid, point in snapshot.points.items()}
    assert {group_of[str(u.id)] for u in people["A"]} != {group_of[str(u.id)] for u in people["B"]}
    assert len({group_of[str(u.id)] for u in people["A"]}) == 1  # each camp is one group
    consensus = {s["statement_id"] for s in snapshot.consensus}
    assert {statements[4].id, statements[5].id} <= consensus
    assert {d["statement_id"] for d in snapshot.divisive[:4]} == {s.id for s in statements[:4]}
    for group in snapshot.groups:
        assert {s["statement_id"] for s in group["representative"]} <= {s.id for s in statements[:4]}
        assert len(group["centre"]) == 2 and np.array(group["spread"]).shape == (2, 2)
    assert snapshot.report["stability"]["runs"] == 3 and snapshot.report["voters"] == 14


def test_the_snapshot_holds_positions_and_aggregates_never_votes(db):
    consultation, statements = deliberating()
    voters(consultation, statements, {"A": 6, "B": 6})
    snapshot = snapshot_now(consultation)
    for uid, point in snapshot.points.items():
        assert len(point) == 3 and all(isinstance(v, float) for v in point[:2])  # x, y, group: no vote
    stored = repr((snapshot.groups, snapshot.consensus, snapshot.divisive))
    assert "user" not in stored and "voter" not in stored
    assert all(set(s) == {"group", "agree_share", "votes"} for d in snapshot.divisive for s in d["groups"])


def test_votes_on_hidden_rejected_or_pending_statements_are_left_out(db):
    consultation, statements = deliberating()
    voters(consultation, statements, {"A": 6, "B": 6})
    statements[0].hidden_at = statements[0].created_at
    deliberation.moderate_statement(statements[1], approve=False)
    db.session.flush()
    matrix = vote_matrix(consultation)
    assert set(matrix.statements) == {str(s.id) for s in statements[2:]}
    assert len(matrix.participants) == 12


def test_too_few_voters_make_no_snapshot(db):
    consultation, statements = deliberating(k=5)
    voters(consultation, statements, {"A": 2, "B": 2})
    assert run_opinion_stage(consultation, new_run(consultation)) is None
    assert db.session.scalar(select(func.count(OpinionSnapshot.id))) == 0


def test_min_group_size_is_the_councils_k(db):
    consultation, statements = deliberating(k=7)
    voters(consultation, statements, {"A": 10, "B": 4})  # camp B is below k: it joins the nearest group
    snapshot = snapshot_now(consultation)
    assert snapshot.report["parameters"]["min_group_size"] == 7
    assert all(g["size"] >= 7 for g in snapshot.groups)
    assert snapshot.report["small_groups_dissolved"] >= 1


def test_the_next_run_is_warm_started_from_the_previous_state(db):
    consultation, statements = deliberating()
    voters(consultation, statements, {"A": 8, "B": 8})
    first = snapshot_now(consultation)
    assert first.state["updates"] == 1 and first.report["warm_start_from"] is None
    voters(consultation, statements, {"A": 2, "B": 2})
    second = snapshot_now(consultation)
    assert second.report["warm_start_from"] == first.id
    assert second.state["updates"] == 2  # the engine counted on from the first state
    assert second.state["k_smoother"]["last_k_count"] == first.state["k_smoother"]["last_k_count"] + 1
    assert set(first.state["in_conv"]) <= set(second.state["in_conv"])


def test_the_state_given_to_the_engine_is_the_previous_snapshots(db):
    """The same result as calling the engine with the previous state by hand."""
    consultation, statements = deliberating()
    voters(consultation, statements, {"A": 8, "B": 8})
    first = snapshot_now(consultation)
    voters(consultation, statements, {"A": 3})
    expected = opinion_groups(vote_matrix(consultation), state=first.state, min_group_size=5)
    second = snapshot_now(consultation)
    assert second.state == expected.state
    assert {p: point[2] for p, point in second.points.items()} == \
        {p: g for p, g in expected.assignments.items() if p in expected.coordinates}


def test_a_failed_runs_snapshot_does_not_warm_start_the_next(db):
    consultation, statements = deliberating()
    voters(consultation, statements, {"A": 6, "B": 6})
    good = snapshot_now(consultation)
    failed_run = new_run(consultation)
    failed = run_opinion_stage(consultation, failed_run)
    failed_run.status = RunStatus.FAILED
    db.session.commit()
    assert failed.report["warm_start_from"] == good.id
    third = snapshot_now(consultation)
    assert third.report["warm_start_from"] == good.id


def test_a_resumed_run_replaces_its_own_snapshot(db):
    consultation, statements = deliberating()
    voters(consultation, statements, {"A": 6, "B": 6})
    first = snapshot_now(consultation)
    run = new_run(consultation)
    once = run_opinion_stage(consultation, run)
    db.session.commit()
    again = run_opinion_stage(consultation, run)
    db.session.commit()
    assert again.id == once.id and again.report["warm_start_from"] == first.id
    assert db.session.scalar(select(func.count(OpinionSnapshot.id))) == 2


def test_the_runs_seed_reaches_the_engine(db):
    consultation, statements = deliberating()
    voters(consultation, statements, {"A": 6, "B": 6})
    snapshot = run_opinion_stage(consultation, new_run(consultation, seed=3))
    assert snapshot.report["parameters"]["seed"] == 3

