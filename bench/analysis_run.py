"""A whole analysis run on a consultation of 10,000 real proposals (decidim Barcelona 2016, Catalan and
Spanish), in a temporary SQLite database: wall time per stage, and whether the progress another
connection sees advances while the run works (the run page polls it). Target: the run in ≤ 90 s.

Progress is read the way the run page reads it: from another connection, every quarter second; the
largest silence between two changes it saw is printed too."""
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

import csv
import os

from .common import DATASETS, log, report, timed

PROPOSALS = 10_000
TARGET_SECONDS = 90


def proposals() -> list[tuple[str, str]]:
    """(title, body) of the first PROPOSALS Barcelona proposals, as they were submitted."""
    rows = []
    for part in (1, 2):
        path = DATASETS / "decidim-barcelona-2016" / f"decidim_barcelona_pam2016_proposals_part{part}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows += [(r["title"].strip(), r["summary"].strip()) for r in csv.DictReader(handle)]
    return rows[:PROPOSALS]


def build(app, texts: list[tuple[str, str]]) -> int:
    """A council, a consultation in its analysis phase and its proposals; the consultation's id."""
    from sqlalchemy import insert

    from app.clock import utcnow
    from app.consultations import services
    from app.consultations.proposals.models import Proposal
    from app.councils.models import Council
    from app.extensions import db
    from app.search.index import create_index

    db.create_all()
    with db.engine.begin() as connection:
        create_index(connection)
    council = Council(slug="barcelona", name="Consell Municipal d'Immigració de Barcelona", city="Barcelona",
                      country="ES", languages=["ca", "es"], competence_map="barcelona")
    db.session.add(council)
    db.session.flush()
    consultation = services.create_consultation(council, "PAM 2016-2019", "Propostes", language="es",
                                                calendar=services.calendar_around("analysis"))
    now = utcnow()
    db.session.execute(insert(Proposal), [
        {"consultation_id": consultation.id, "title": title[:200], "body": body, "language": "und",
         "created_at": now, "updated_at": now} for title, body in texts])
    db.session.commit()
    return consultation.id


def watch(path: Path, run_id: int, seen: list, stop: threading.Event) -> None:
    """Poll the run's row from a connection of its own, as the run page's requests do."""
    connection = sqlite3.connect(path, timeout=0.2)
    while not stop.is_set():
        try:
            row = connection.execute("SELECT stage, progress, heartbeat_at FROM analysis_runs WHERE id = ?",
                                     (run_id,)).fetchone()
        except sqlite3.OperationalError:  # the run is writing this instant
            row = None
        if row and (not seen or tuple(seen[-1][1:]) != tuple(row)):
            seen.append((time.perf_counter(), *row))
        stop.wait(0.25)
    connection.close()


def longest_gap(start: float, seen: list, key) -> float:
    """The longest time the watcher saw no change of key(row) (progress, or the heartbeat)."""
    moments, last = [start], None
    for row in seen:
        if row[0] >= start and key(row) != last:
            moments.append(row[0])
            last = key(row)
    return round(max(b - a for a, b in zip(moments, moments[1:])), 2) if len(moments) > 1 else 0.0


def main() -> None:
    from app import create_app
    from app.consultations.models import Consultation
    from app.extensions import db
    from app.insights.jobs import execute
    from app.insights.runs import start_run
    from app.unit_of_work import unit_of_work

    texts = proposals()
    results = {"proposals": len(texts), "load_average_before": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
        app.instance_path = folder
        with app.app_context():
            with timed(results, "setup_seconds"):
                consultation_id = build(app, texts)
            with unit_of_work():
                run = start_run(db.session.get(Consultation, consultation_id), None, background=False)
            run_id = run.id
            seen, stop = [], threading.Event()
            watcher = threading.Thread(target=watch, args=(path, run_id, seen, stop))
            watcher.start()
            log(f"run {run_id} on {len(texts)} proposals")
            start = time.perf_counter()
            with unit_of_work():
                run = execute(run_id, 1)
            results["run_seconds"] = round(time.perf_counter() - start, 2)
            time.sleep(0.5)
            stop.set()
            watcher.join()
            results["status"] = run.status.value
            results["error"] = run.error
            for stage, seconds in run.summary.get("seconds", {}).items():
                results[f"{stage}_seconds"] = seconds
            results["themes"] = run.summary.get("themes")
            results["duplicate_groups"] = run.summary.get("duplicate_groups")
            results["outside_mandate"] = run.summary.get("outside_mandate")
            steps = list(dict.fromkeys((stage, progress) for _, stage, progress, _ in seen))
            results["progress_seen"] = " ".join(f"{stage}:{progress}" for stage, progress in steps)
            results["progress_advanced"] = len(steps) >= 6 and [p for _, p in steps] == sorted(p for _, p in steps)
            results["longest_wait_for_progress_seconds"] = longest_gap(start, seen, lambda row: row[1:3])
            results["longest_wait_for_heartbeat_seconds"] = longest_gap(start, seen, lambda row: row[3])
            results["within_target"] = results["run_seconds"] <= TARGET_SECONDS
            results["load_average_after"] = round(os.getloadavg()[0], 2)  # other work on the machine
            db.session.remove()
            db.engine.dispose()
    report("analysis_run", results)


if __name__ == "__main__":
    main()
