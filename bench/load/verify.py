"""After a run: every write the server acknowledged is in the database exactly once, and the
counters agree with the rows they count."""
import json
from collections import Counter
from pathlib import Path

from sqlalchemy import text


def acknowledged(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check(engine, records: list[dict], first_proposal_after_fill: int) -> dict:
    """{'acknowledged', 'lost', 'duplicated', 'counter_mismatches', 'details'} over all kinds of write."""
    acks = [r for r in records if r["kind"] in ("proposal", "feedback", "support", "vote")]
    with engine.connect() as connection:
        lost, duplicated, details = [], [], []
        for kind, rows in (("proposal", _proposals(connection, acks, first_proposal_after_fill)),
                           ("feedback", _feedback(connection, acks))):
            for ack in (a for a in acks if a["kind"] == kind):
                found = rows.get(ack["marker"], 0)
                (lost if found == 0 else duplicated if found > 1 else []).append(ack)
        lost += _missing_supports(connection, acks)
        vote_lost, vote_details = _votes(connection, acks)
        lost += vote_lost
        details += vote_details
        mismatches = _counter_mismatches(connection)
    return {"acknowledged": len(acks), "by_kind": dict(Counter(a["kind"] for a in acks)), "lost": len(lost),
            "duplicated": len(duplicated), "counter_mismatches": mismatches,
            "examples": [*lost[:3], *duplicated[:3], *details[:3]]}


def _markers_in(texts, markers: set[str]) -> Counter:
    counts: Counter = Counter()
    for body in texts:
        for marker in markers:
            if marker in body:
                counts[marker] += 1
    return counts


def _proposals(connection, acks, first_id: int) -> Counter:
    """How many proposals carry each acknowledged marker (a duplicate would carry it twice)."""
    markers = {a["marker"] for a in acks if a["kind"] == "proposal"}
    bodies = connection.execute(text("SELECT body FROM proposals WHERE id >= :first"), {"first": first_id}).scalars()
    counts = _markers_in(bodies, markers)
    ids = {a["marker"]: a["id"] for a in acks if a["kind"] == "proposal"}
    stored = dict(connection.execute(text("SELECT form_token, id FROM proposals WHERE id >= :first"),
                                     {"first": first_id}).all())
    by_token = {a["marker"]: stored.get(a["token"]) for a in acks if a["kind"] == "proposal"}
    for marker, acked_id in ids.items():  # the acknowledged id must be the stored one
        if by_token.get(marker) != acked_id:
            counts[marker] = 0
    return counts


def _feedback(connection, acks) -> Counter:
    markers = {a["marker"] for a in acks if a["kind"] == "feedback"}
    return _markers_in(connection.execute(text("SELECT body FROM feedback")).scalars(), markers)


def _missing_supports(connection, acks) -> list[dict]:
    stored = set(connection.execute(text("SELECT user_id, proposal_id FROM supports")).all())
    return [a for a in acks if a["kind"] == "support" and (a["user"], a["proposal"]) not in stored]


def _votes(connection, acks) -> tuple[list[dict], list[dict]]:
    """Each person's last acknowledged vote on a statement is the one stored."""
    last = {}
    for ack in sorted((a for a in acks if a["kind"] == "vote"), key=lambda a: a["at"]):
        last[(ack["user"], ack["statement"])] = ack
    stored = {(u, s): v for u, s, v in connection.execute(text("SELECT user_id, statement_id, value FROM votes"))}
    values = {"agree": 1, "disagree": -1, "pass": 0}
    lost = [a for key, a in last.items() if key not in stored]
    differ = [a for key, a in last.items() if key in stored and stored[key] != values[a["choice"]]]
    return lost, differ


def _counter_mismatches(connection) -> int:
    return connection.execute(text(
        "SELECT count(*) FROM proposals p WHERE p.support_count <> "
        "(SELECT count(*) FROM supports s WHERE s.proposal_id = p.id) OR p.feedback_count <> "
        "(SELECT count(*) FROM feedback f WHERE f.proposal_id = p.id)")).scalar()
