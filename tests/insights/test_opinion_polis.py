"""The opinion stage on a real Pol.is conversation loaded into the database: its snapshot is what the
engine computes on the same votes directly (the database, ids and JSON change nothing)."""
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score

from app.analysis.opinion import VoteMatrix, opinion_groups
from app.analysis.polis import rejected_statements, statement_texts, timed_votes
from app.consultations.deliberation.models import Statement, StatementStatus, Vote
from app.extensions import db
from app.insights.opinion import view_of
from tests.factories import ConsultationFactory, UserFactory
from tests.insights.opinion_world import snapshot_now

DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"
CONVERSATION = "london.youth.policing"  # 26 participants, 39 comments: small enough for every test run


@pytest.fixture(scope="module")
def conversation() -> Path:
    folder = DATASETS / "polis" / CONVERSATION
    if not folder.is_dir():
        message = f"Pol.is dataset not found at {folder} (the shared/ folder beside the repository)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return folder


def latest_votes(folder) -> list[tuple[str, str, int, float]]:
    """The last vote of each participant on each comment (the database keeps one per person and statement)."""
    latest = {}
    for voter, comment, vote, when in sorted(timed_votes(folder), key=lambda r: float(r[3])):
        latest[(voter, comment)] = (voter, comment, int(vote), float(when))
    return list(latest.values())


def load(folder, consultation) -> tuple[dict, dict]:
    """Comments become statements (rejected ones rejected), voters become people; ids are created in the
    export's order, so that the engine sees both matrices in the same order."""
    rejected, texts = rejected_statements(folder), statement_texts(folder)
    statements = {}
    for comment in sorted(texts, key=int):
        status = StatementStatus.REJECTED if comment in rejected else StatementStatus.APPROVED
        statements[comment] = Statement(consultation_id=consultation.id, text=texts[comment][:400], seeded=True,
                                        status=status)
        db.session.add(statements[comment])
    rows = latest_votes(folder)
    people = {voter: UserFactory() for voter in sorted({r[0] for r in rows}, key=int)}
    db.session.add_all(Vote(statement_id=statements[comment].id, user_id=people[voter].id, value=vote,
                            created_at=datetime.fromtimestamp(when / 1000, timezone.utc))
                       for voter, comment, vote, when in rows if comment in statements)
    db.session.commit()
    return statements, people


def test_the_snapshot_of_a_polis_conversation_is_the_engines_result(db, conversation):
    consultation = ConsultationFactory(phase="deliberation", language="en")
    k = consultation.council.k_anonymity
    statements, people = load(conversation, consultation)
    snapshot = snapshot_now(consultation)

    rejected = rejected_statements(conversation)
    direct = opinion_groups(VoteMatrix.from_votes([r for r in latest_votes(conversation) if r[1] not in rejected]),
                            min_group_size=k)
    user_of = {voter: str(user.id) for voter, user in people.items()}
    statement_of = {comment: s.id for comment, s in statements.items()}

    assert snapshot.k == len(direct.groups) >= 2 and snapshot.participants == len(direct.coordinates)
    placed = [p for p, g in direct.assignments.items() if g is not None]
    assert adjusted_rand_score([direct.assignments[p] for p in placed],
                               [snapshot.points[user_of[p]][2] for p in placed]) == 1.0
    assert sorted(g["size"] for g in snapshot.groups) == sorted(len(g.members) for g in direct.groups)
    assert [s["statement_id"] for s in snapshot.consensus] == [statement_of[s.statement] for s in direct.consensus]
    for group, expected in zip(snapshot.groups, direct.groups):
        assert [s["statement_id"] for s in group["representative"]] == \
            [statement_of[s.statement] for s in expected.representative]
    for p, (x, y) in direct.coordinates.items():
        assert snapshot.points[user_of[p]][:2] == pytest.approx([x, y], abs=1e-4)
    assert not {s["statement_id"] for g in snapshot.groups for s in g["representative"]} & \
        {statement_of[c] for c in rejected}

    view = view_of(snapshot, k)
    assert all(g.size is None or g.size >= k for g in view.groups) and len(view.groups) == snapshot.k
