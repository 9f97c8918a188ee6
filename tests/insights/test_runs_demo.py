"""The demo has a consultation in its analysis phase with a finished run and curated themes, and one in its
response phase with a finished run; loading it again adds no run."""
from sqlalchemy import func, select

from app.consultations.models import Consultation
from app.demo.analysis import HEALTH, HOUSING, RENAMED
from app.insights.models import AnalysisRun, MandateFlag, RunStatus, Theme


def test_the_demo_has_finished_runs_and_curated_themes(runner, db, client):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    health = db.session.scalar(select(Consultation).where(Consultation.title == HEALTH))
    housing = db.session.scalar(select(Consultation).where(Consultation.title == HOUSING))
    assert (health.current_phase.value, housing.current_phase.value) == ("analysis", "response")
    for consultation in (health, housing):
        run = db.session.scalar(select(AnalysisRun).where(AnalysisRun.consultation_id == consultation.id))
        assert run.status == RunStatus.DONE and run.summary["themes"] >= 2 and run.versions
    themes = db.session.scalars(select(Theme).where(Theme.consultation_id == health.id)).all()
    assert [t.name for t in themes if t.name] == [RENAMED]
    merged = [t for t in themes if t.merged_into_id]
    assert len(merged) == 1 and merged[0].retired_at is not None and merged[0].members == []
    outside = db.session.scalars(select(MandateFlag).where(MandateFlag.consultation_id == housing.id)).all()
    assert any(f.outside_mandate for f in outside)  # the residence permit request, for the briefing
    page = client.get(f"/consultations/{health.id}/themes").get_data(as_text=True)
    assert RENAMED in page

    runs = db.session.scalar(select(func.count(AnalysisRun.id)))
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0 and "0 analysis records created" in second.output
    assert db.session.scalar(select(func.count(AnalysisRun.id))) == runs
