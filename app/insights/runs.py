"""Analysis runs of a consultation: start, resume, what state each is in, compare two, and the themes for
readers. Services add and flush; the request, command or job commits (see pipeline.py for the job)."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.audit.services import record
from app.clock import aware, utcnow
from app.consultations.proposals.models import Proposal
from app.domain_errors import DomainError
from app.extensions import db
from app.moderation.visibility import visible
from app.unit_of_work import after_commit

from . import matching
from .jobs import execute_run  # imported with the pages, so that the worker's registry knows the job too
from .models import AnalysisRun, RunStatus, Theme, ThemeMember

# A worker beats every 15 s (pipeline.heartbeat); a run silent this long has lost its worker.
STALE_AFTER = timedelta(minutes=3)
DEFAULTS = {"seed": 0, "k": None, "duplicate_threshold": 0.8, "use_feedback": False}


def clean_parameters(parameters: dict | None) -> dict:
    """The defaults with what was asked; out of range is a 422 with the field it is about."""
    chosen = {**DEFAULTS, **{k: v for k, v in (parameters or {}).items() if k in DEFAULTS and v is not None}}
    if not isinstance(chosen["seed"], int) or not 0 <= chosen["seed"] <= 1_000_000:
        raise DomainError(_l("The seed must be a whole number from 0 to 1,000,000."), "seed", 422)
    if chosen["k"] is not None and (not isinstance(chosen["k"], int) or not 2 <= chosen["k"] <= 60):
        raise DomainError(_l("The number of themes must be from 2 to 60, or empty to choose it automatically."),
                          "k", 422)
    threshold = chosen["duplicate_threshold"]
    if not isinstance(threshold, (int, float)) or not 0.5 <= float(threshold) <= 1.0:
        raise DomainError(_l("The near-duplicate threshold must be from 0.5 to 1."), "duplicate_threshold", 422)
    chosen["duplicate_threshold"] = round(float(threshold), 3)
    chosen["use_feedback"] = bool(chosen["use_feedback"])
    return chosen


def start_run(consultation, user, parameters: dict | None = None, background: bool = True) -> AnalysisRun:
    """A queued run; its job is queued once this transaction commits (so the worker finds the row).
    With background=False the caller executes it (`flask analysis run --wait`)."""
    if active_run(consultation) is not None:
        raise DomainError(_l("An analysis of this consultation is already running."))
    run = AnalysisRun(consultation_id=consultation.id, started_by_id=getattr(user, "id", None),
                      status=RunStatus.QUEUED, stage="queued", progress=0, parameters=clean_parameters(parameters),
                      versions={}, summary={"attempt": 1}, error="")
    db.session.add(run)
    db.session.flush()
    record("analysis.run_started", run, actor=user, council_id=consultation.council_id,
           consultation_id=consultation.id, parameters=run.parameters)
    if background:
        _enqueue_after_commit(run.id, 1)
    return run


def resume_run(run: AnalysisRun, user) -> AnalysisRun:
    """Queue an interrupted run again; the stages it finished are not redone. A higher attempt number
    makes the lost worker stop, should it come back."""
    if not is_interrupted(run):
        raise DomainError(_l("Only an interrupted run can be resumed."))
    attempt = (run.summary or {}).get("attempt", 1) + 1
    run.summary = {**(run.summary or {}), "attempt": attempt}
    run.status, run.heartbeat_at = RunStatus.QUEUED, utcnow()  # queued again now: the stale clock restarts
    db.session.flush()
    record("analysis.run_resumed", run, actor=user, council_id=run_council_id(run), attempt=attempt)
    _enqueue_after_commit(run.id, attempt)
    return run


def _enqueue_after_commit(run_id: int, attempt: int) -> None:
    after_commit(lambda: execute_run.enqueue(run_id, attempt))


def run_council_id(run: AnalysisRun) -> int:
    from app.consultations.models import Consultation

    return db.session.scalar(select(Consultation.council_id).where(Consultation.id == run.consultation_id))


def is_interrupted(run: AnalysisRun, now=None) -> bool:
    """Running with no heartbeat for STALE_AFTER (its worker died), or queued that long without a worker
    picking it up."""
    now = now or utcnow()
    if run.status not in (RunStatus.RUNNING, RunStatus.QUEUED):
        return False
    return aware(run.heartbeat_at or run.started_at or run.created_at) < now - STALE_AFTER


def display_status(run: AnalysisRun) -> str:
    """queued, running, interrupted, done or failed: what the page says."""
    return "interrupted" if is_interrupted(run) else run.status.value


def active_run(consultation) -> AnalysisRun | None:
    """A queued or running run that still has a worker: no second run starts beside it."""
    candidates = db.session.scalars(select(AnalysisRun).where(
        AnalysisRun.consultation_id == consultation.id,
        AnalysisRun.status.in_([RunStatus.QUEUED, RunStatus.RUNNING]))).all()
    return next((r for r in candidates if not is_interrupted(r)), None)


def runs_of(consultation) -> list[AnalysisRun]:
    return db.session.scalars(select(AnalysisRun).where(AnalysisRun.consultation_id == consultation.id)
                              .order_by(AnalysisRun.id.desc())).all()


def run_of(consultation, run_id: int) -> AnalysisRun | None:
    run = db.session.get(AnalysisRun, run_id)
    return run if run is not None and run.consultation_id == consultation.id else None


def latest_done_run(consultation) -> AnalysisRun | None:
    return db.session.scalar(select(AnalysisRun).where(
        AnalysisRun.consultation_id == consultation.id, AnalysisRun.status == RunStatus.DONE)
        .order_by(AnalysisRun.id.desc()).limit(1))


def progress_of(run: AnalysisRun) -> dict:
    """What the run page polls."""
    status = display_status(run)
    return {"id": run.id, "status": status, "stage": run.stage, "progress": run.progress,
            "finished": status in ("done", "failed"), "error": run.error if status == "failed" else ""}


def compare(before: AnalysisRun, after: AnalysisRun) -> dict:
    """What moved from one finished run to another (proposals, themes, flags, duplicate groups)."""
    return matching.compare_snapshots((before.summary or {}).get("snapshot", {}),
                                      (after.summary or {}).get("snapshot", {}))


# Themes for readers -----------------------------------------------------------------------------------

def readable_themes(consultation, language: str) -> list[dict]:
    """Active themes, largest first, each with its title in the reader's language where the members allow,
    its quotes (visible proposals only) and counts of visible proposals, organisations and supports."""
    themes = db.session.scalars(select(Theme).where(
        Theme.consultation_id == consultation.id, Theme.retired_at.is_(None))).all()
    if not themes:
        return []
    counts = {row.theme_id: row for row in db.session.execute(visible(
        select(ThemeMember.theme_id, func.count(Proposal.id).label("proposals"),
               func.count(func.distinct(Proposal.organisation_id)).label("organisations"),
               func.coalesce(func.sum(Proposal.support_count), 0).label("supports"))
        .join(Proposal, Proposal.id == ThemeMember.proposal_id)
        .where(ThemeMember.theme_id.in_([t.id for t in themes]))
        .group_by(ThemeMember.theme_id), Proposal))}
    quoted = {p.id: p for p in db.session.scalars(visible(select(Proposal).where(
        Proposal.id.in_({q for t in themes for q in (t.quotes or [])})), Proposal))}
    result = []
    for theme in themes:
        row = counts.get(theme.id)
        if row is None or not row.proposals:
            continue
        result.append({"theme": theme, "title": title_in(theme, language), "proposals": row.proposals,
                       "organisations": row.organisations, "supports": int(row.supports),
                       "languages": sorted((theme.languages or {}).items(), key=lambda kv: -kv[1]),
                       "quotes": [quoted[q] for q in (theme.quotes or []) if q in quoted][:3]})
    return sorted(result, key=lambda r: (-r["proposals"], r["theme"].id))


def title_in(theme: Theme, language: str) -> str:
    """A moderator's name first; else the label from the members in the reader's language; else the label."""
    return theme.name or (theme.labels or {}).get(language) or theme.label


def theme_titles(consultation, language: str) -> dict[int, str]:
    """Every theme of the consultation (retired ones too: a comparison names them) by id."""
    return {t.id: title_in(t, language) for t in db.session.scalars(
        select(Theme).where(Theme.consultation_id == consultation.id))}
