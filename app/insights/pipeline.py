"""The stages of an analysis run: inputs -> themes -> duplicates -> opinion -> triage -> saving -> done.

Transactions (why the job commits more than once): app/jobs.py wraps a job in one unit of work, which
would make the run page see nothing until the end. So the job is a *sequence* of short units of work,
as `mail.services.deliver_pending` does: each progress report (stage, percentage, heartbeat) is its own
`with unit_of_work()` on the job's session, committing only the run row. A stage's result is kept in
`run.summary["partial"]` in the same short transaction that ends the stage, so a resumed run skips the
stages already done (runs are idempotent per stage). Everything the pages read — themes, members,
duplicate groups, flags — is written in the saving stage, in ONE transaction with `status = done`, so a
failure or a dead worker never leaves half-saved results. The opinion stage's snapshot is the exception
(the opinion helper adds it to the session in its stage); a failed run deletes its snapshot.

`compute(run, committing=False)` runs the same stages inside the caller's transaction (the demo loader)."""
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update

from app.analysis import PARAMETERS_VERSION
from app.analysis.competences import CompetenceMap, UnknownCity
from app.analysis.duplicates import find_duplicates
from app.analysis.themes import find_themes
from app.analysis.triage import TriageModel, default_model
from app.clock import utcnow
from app.consultations.proposals.models import Feedback, Proposal, ProposalStatus
from app.extensions import db
from app.moderation.visibility import visible

from . import matching
from .models import (AnalysisRun, DuplicateGroup, DuplicateStatus, FlagStatus, MandateFlag, OpinionSnapshot,
                     RunStatus, Theme, ThemeMember, TriageCorrection)

log = logging.getLogger("majlis.insights")

# (stage, progress when it starts, progress when it ends)
STAGES = [("themes", 5, 40), ("duplicates", 40, 55), ("opinion", 55, 65), ("triage", 65, 85), ("saving", 85, 99)]
TRIAGE_BATCH = 1000  # proposals triaged between two heartbeats
THEME_STEPS = {"preparing texts": 0.1, "building document vectors": 0.3, "clustering": 0.7, "describing": 0.9}


class Superseded(Exception):
    """Another worker resumed this run: this one stops without touching it."""


@dataclass
class Inputs:
    """The consultation's visible, not withdrawn proposals, as plain data (survives the commits)."""
    ids: list[int]
    titles: list[str]
    bodies: list[str]
    feedback: dict[int, str]

    def theme_texts(self, use_feedback: bool) -> list[str]:
        return [f"{t}. {b}" + (f" {self.feedback.get(i, '')}" if use_feedback else "")
                for i, t, b in zip(self.ids, self.titles, self.bodies)]


def load_inputs(consultation, use_feedback: bool) -> Inputs:
    query = visible(select(Proposal.id, Proposal.title, Proposal.body).where(
        Proposal.consultation_id == consultation.id, Proposal.status != ProposalStatus.WITHDRAWN)
        .order_by(Proposal.id), Proposal)
    rows = db.session.execute(query).all()
    feedback: dict[int, str] = {}
    if use_feedback and rows:
        replies = visible(select(Feedback.proposal_id, Feedback.body)
                          .join(Proposal, Proposal.id == Feedback.proposal_id).where(Proposal.consultation_id == consultation.id).order_by(Feedback.id), Feedback)
        for proposal_id, body in db.session.execute(replies):
            feedback[proposal_id] = (feedback.get(proposal_id, "") + " " + body).strip()
    return Inputs([r.id for r in rows], [r.title for r in rows], [r.body for r in rows], feedback)


class Reporter:
    """Writes stage, progress and heartbeat. Committing: each report is its own short transaction, and a
    run resumed by another worker (a higher attempt) stops this one."""

    def __init__(self, run: AnalysisRun, committing: bool, attempt: int):
        self.run_id, self.committing, self.attempt = run.id, committing, attempt

    @property
    def run(self) -> AnalysisRun:
        return db.session.get(AnalysisRun, self.run_id)

    def __call__(self, stage: str, fraction: float = 0.0, partial: dict | None = None) -> None:
        from app.unit_of_work import unit_of_work

        start, end = next((s, e) for name, s, e in STAGES if name == stage)
        if not self.committing:
            self._write(stage, start + (end - start) * fraction, partial)
            return
        with unit_of_work():
            self._write(stage, start + (end - start) * fraction, partial)

    def _write(self, stage, progress, partial) -> None:
        run = self.run
        if self.committing and db.session.scalar(select(AnalysisRun.summary).where(
                AnalysisRun.id == run.id)).get("attempt", 0) != self.attempt:
            raise Superseded()
        run.stage, run.progress, run.heartbeat_at = stage, int(progress), utcnow()
        if partial is not None:
            summary = dict(run.summary or {})
            summary["partial"] = {**summary.get("partial", {}), **partial}
            run.summary = summary
        db.session.flush()


@contextmanager
def heartbeat(run_id: int, every: float = 15.0):
    """Beat from a thread with a connection of its own while the engine works, so that a long engine call
    with few progress reports (choosing k on a large consultation) never looks like a dead worker. Not on
    an in-memory SQLite database, whose one connection cannot be shared between threads (tests)."""
    engine = db.engine
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            try:
                with engine.begin() as connection:
                    connection.execute(update(AnalysisRun.__table__).where(
                        AnalysisRun.__table__.c.id == run_id, AnalysisRun.__table__.c.status == RunStatus.RUNNING.value)
                        .values(heartbeat_at=utcnow()))
            except Exception:  # noqa: BLE001 (a busy database: the next beat, or the next report, will do)
                log.warning("heartbeat of analysis run %s failed", run_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"run-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def compute(run: AnalysisRun, committing: bool = False, attempt: int = 0) -> AnalysisRun:
    """Run every stage not done yet, then save; returns the run, done."""
    begun = time.perf_counter()
    report = Reporter(run, committing, attempt)
    consultation = run_consultation(run)
    parameters = run.parameters or {}
    inputs = load_inputs(consultation, parameters.get("use_feedback", False))
    partial = dict((run.summary or {}).get("partial", {}))
    timings = {"inputs": round(time.perf_counter() - begun, 2)}
    stages = {"themes": lambda: themes_stage(inputs, parameters, report),
              "duplicates": lambda: duplicates_stage(inputs, parameters),
              "opinion": lambda: opinion_stage(consultation, report.run),
              "triage": lambda: triage_stage(consultation, inputs, report)}
    for stage, work in stages.items():
        if stage in partial:  # done before the worker was lost
            continue
        report(stage, 0.0)
        started = time.perf_counter()
        partial[stage] = work()
        timings[stage] = round(time.perf_counter() - started, 2)
        report(stage, 1.0, {stage: partial[stage]})
    report("saving", 0.0)
    run = report.run
    started = time.perf_counter()
    save(consultation, run, inputs, partial)
    timings["saving"] = round(time.perf_counter() - started, 2)
    run.summary = {**run.summary, "seconds": timings}
    run.status, run.stage, run.progress = RunStatus.DONE, "done", 100
    run.finished_at = run.heartbeat_at = utcnow()
    db.session.flush()
    return run


def run_consultation(run: AnalysisRun):
    from app.consultations.models import Consultation

    return db.session.get(Consultation, run.consultation_id)


# Stages -------------------------------------------------------------------------------------------------

def themes_stage(inputs: Inputs, parameters: dict, report) -> dict:
    """The engine's themes, as plain data (proposal ids as ints)."""
    if not inputs.ids:
        return {"clusters": [], "k": 0, "parameters": {}}

    def step(message: str) -> None:
        fraction = next((f for prefix, f in THEME_STEPS.items() if message.startswith(prefix)), 0.5)
        report("themes", fraction)

    result = find_themes(inputs.theme_texts(parameters.get("use_feedback", False)), [str(i) for i in inputs.ids],
                         k=parameters.get("k"), seed=parameters.get("seed", 0), progress=step)
    clusters = [{"members": [int(m) for m in t.members], "label": t.label, "labels": t.labels_by_language,
                 "terms": t.terms, "quotes": [int(q) for q in t.representatives], "languages": t.languages}
                for t in result.themes]
    return {"clusters": clusters, "k": result.k, "k_automatic": result.k_chosen_automatically,
            "parameters": {k: v for k, v in result.parameters.items() if k != "k_stability"},
            "k_reason": result.parameters.get("k_reason", "")}


def duplicates_stage(inputs: Inputs, parameters: dict) -> list[dict]:
    threshold = parameters.get("duplicate_threshold", 0.8)
    texts = [f"{t}. {b}" for t, b in zip(inputs.titles, inputs.bodies)]
    groups = find_duplicates(texts, [str(i) for i in inputs.ids], threshold=threshold) if len(texts) > 1 else []
    return [{"members": sorted(int(m) for m in g.members), "canonical": int(g.representative),
             "similarity": threshold} for g in groups]


def opinion_stage(consultation, run) -> int | None:
    """The opinion helper's stage (its snapshot is added to the session); its id, or None."""
    from .opinion_stage import run_opinion_stage

    snapshot = run_opinion_stage(consultation, run)
    if snapshot is None:
        return None
    db.session.flush()
    return snapshot.id


def triage_stage(consultation, inputs: Inputs, report) -> dict:
    """Mandate triage with the council's competence map and its moderators' corrections."""
    council = consultation.council
    competence_map = competence_map_of(council)
    model = model_for(council.id)
    results = {}
    for start in range(0, len(inputs.ids), TRIAGE_BATCH):
        end = start + TRIAGE_BATCH
        for proposal_id, triage in zip(inputs.ids[start:end], model.triage_many(
                inputs.bodies[start:end], competence_map, inputs.titles[start:end])):
            results[str(proposal_id)] = {
                "level": triage.level, "category": triage.category, "confidence": triage.confidence,
                "authority": triage.refer_to or _authority(competence_map, triage.level),
                "needs_review": triage.needs_review, "mixed": triage.mixed,
                "detail": {"act": triage.act, "matched_terms": triage.matched_terms, "reason": triage.reason,
                           "parts": triage.parts, "support_frame": triage.support_frame}}
        report("triage", min(1.0, end / max(1, len(inputs.ids))))
    return results


def competence_map_of(council) -> CompetenceMap:
    """The council's map; a council without one of its own falls back on its city's."""
    try:
        return CompetenceMap.load(council.competence_map or council.city)
    except UnknownCity as error:
        try:
            return CompetenceMap.load(council.city)
        except UnknownCity:
            raise error from None


def _authority(competence_map: CompetenceMap, level: str) -> str:
    try:
        return competence_map.authority(level)
    except KeyError:
        return ""


_models: dict = {}


def model_for(council_id: int) -> TriageModel:
    """The default classifier, or one retrained with this council's corrections (kept while they do not
    change: training takes seconds)."""
    corrections = tuple(tuple(row) for row in db.session.execute(
        select(TriageCorrection.text, TriageCorrection.category, TriageCorrection.level)
        .where(TriageCorrection.council_id == council_id, TriageCorrection.category != "")
        .order_by(TriageCorrection.id)))
    if not corrections:
        return default_model()
    key = (council_id, corrections)
    if key not in _models:
        _models.clear()  # one council's model at a time: each holds a fitted vectoriser
        _models[key] = TriageModel(corrections=[(t, c, level or None) for t, c, level in corrections])
    return _models[key]


# Saving -------------------------------------------------------------------------------------------------

def save(consultation, run: AnalysisRun, inputs: Inputs, partial: dict) -> None:
    """Write the run's results onto the consultation's stable themes, groups and flags, keeping curation."""
    current = set(inputs.ids)
    theme_ids = save_themes(consultation, run, partial["themes"], current)
    group_ids = save_duplicates(consultation, run, partial["duplicates"], current)
    levels = save_flags(consultation, run, partial["triage"], current)
    summary = dict(run.summary or {})
    summary.pop("partial", None)
    themes = partial["themes"]
    summary.update({
        "proposals": len(inputs.ids),
        "themes": len(set(theme_ids.values())), "k": themes.get("k", 0), "k_reason": themes.get("k_reason", ""),
        "engine_parameters": themes.get("parameters", {}),
        "duplicate_groups": len(group_ids),
        "duplicates": sum(len(g["members"]) for g in partial["duplicates"]),
        "flags": len(levels), "outside_mandate": sum(1 for v in levels.values() if v in ("regional", "national")),
        "needs_review": sum(1 for v in partial["triage"].values() if v["needs_review"]),
        "opinion_snapshot": partial.get("opinion"),
        "snapshot": {"themes": {str(p): t for p, t in sorted(theme_ids.items())},
                     "flags": levels,
                     "duplicates": sorted(g["members"] for g in partial["duplicates"]
                                          if set(g["members"]) <= current)},
    })
    run.summary = summary


def save_themes(consultation, run, themes: dict, current: set) -> dict[int, int]:
    """Match the clusters to the themes, write computed fields (never `name`), place members (never a
    pinned one), retire themes no longer found; returns proposal id -> theme id."""
    clusters = list(themes["clusters"])
    member_sets = [set(c["members"]) & current for c in clusters]
    state = _theme_state(consultation)
    merged = _members_when_merged(consultation, [t.id for t in state.existing if t.retired_at and t.merged_into_id])
    merged_into = {t.id: t.merged_into_id for t in state.existing if t.merged_into_id}
    plan = matching.plan_themes(member_sets, state.active, merged, merged_into, state.pinned)
    new_theme_ids = _new_themes(consultation, plan, member_sets, state)
    placement = matching.place_members(member_sets, plan, new_theme_ids, state.pinned_at)
    for theme_id, index in _describing_clusters(plan, new_theme_ids, member_sets).items():
        _describe(state.by_id[theme_id], clusters[index], run, placement, clusters, plan, new_theme_ids)
    joining = _move_members(state.rows, placement)
    _retire(state.by_id, plan, placement)
    db.session.flush()
    if joining:  # one statement for thousands of rows (a first run of a large consultation)
        db.session.execute(insert(ThemeMember), joining)
    return {p: t for p, t in placement.items() if p in current}


@dataclass
class _ThemeState:
    """The consultation's themes and memberships before this run saves."""
    existing: list
    by_id: dict
    rows: list
    active: dict  # active theme id -> its members
    pinned: dict  # theme id -> members a moderator put there
    pinned_at: dict  # proposal id -> the theme it is pinned to


def _theme_state(consultation) -> _ThemeState:
    existing = db.session.scalars(select(Theme).where(Theme.consultation_id == consultation.id)).all()
    rows = db.session.scalars(select(ThemeMember).join(Theme).where(Theme.consultation_id == consultation.id)).all()
    state = _ThemeState(existing=existing, by_id={t.id: t for t in existing}, rows=rows,
                        active={t.id: set() for t in existing if t.retired_at is None}, pinned={}, pinned_at={})
    for row in rows:
        if row.theme_id in state.active:
            state.active[row.theme_id].add(row.proposal_id)
        if row.pinned:
            state.pinned.setdefault(row.theme_id, set()).add(row.proposal_id)
            state.pinned_at[row.proposal_id] = row.theme_id
    return state


def _new_themes(consultation, plan, member_sets, state: _ThemeState) -> dict[int, int]:
    """A theme for each cluster matched to none (cluster index -> new theme id); a cluster whose members
    are all pinned elsewhere adds nothing."""
    new_theme_ids = {}
    for index in plan.new_clusters:
        if member_sets[index] - set(state.pinned_at):
            theme = Theme(consultation_id=consultation.id)
            db.session.add(theme)
            db.session.flush()
            state.by_id[theme.id] = theme
            new_theme_ids[index] = theme.id
    return new_theme_ids


def _describing_clusters(plan, new_theme_ids, member_sets) -> dict[int, int]:
    """Theme id -> index of the largest cluster placed in it, whose computed fields describe it."""
    described: dict[int, int] = {}
    for index, theme_id in {**plan.target, **new_theme_ids}.items():
        if theme_id not in described or len(member_sets[index]) > len(member_sets[described[theme_id]]):
            described[theme_id] = index
    return described


def _move_members(rows, placement: dict) -> list[dict]:
    """Move unpinned members to their new theme, drop those no longer placed (hidden or withdrawn since, or
    no longer clustered); returns the rows to insert for proposals in no theme yet."""
    by_proposal = {row.proposal_id: row for row in rows}
    joining = []
    for proposal_id, theme_id in placement.items():
        row = by_proposal.get(proposal_id)
        if row is None:
            joining.append({"theme_id": theme_id, "proposal_id": proposal_id, "pinned": False})
        elif not row.pinned:
            row.theme_id = theme_id
    for proposal_id, row in by_proposal.items():
        if proposal_id not in placement:
            db.session.delete(row)
    return joining


def _retire(by_id: dict, plan, placement: dict) -> None:
    """Themes no run finds any more, or matched but left empty, are retired (never deleted: a response may
    point at them)."""
    occupied = set(placement.values())
    now = utcnow()
    for theme_id in plan.retire + [t for t in plan.target.values() if t not in occupied]:
        if by_id[theme_id].retired_at is None:
            by_id[theme_id].retired_at = now


def _describe(theme: Theme, cluster: dict, run, placement: dict, clusters, plan, new_theme_ids) -> None:
    """The computed fields, from the largest cluster placed in the theme; languages from all of them. A quote
    is one of the theme's own members (not one a moderator pinned elsewhere)."""
    theme.label = cluster["label"][:200]
    theme.labels = {lang: label[:200] for lang, label in cluster["labels"].items()}
    theme.terms = cluster["terms"]
    theme.quotes = [q for q in cluster["quotes"] if placement.get(q) == theme.id][:3]
    languages: dict[str, int] = {}
    for index, other in enumerate(clusters):
        if plan.target.get(index, new_theme_ids.get(index)) == theme.id:
            for lang, count in other["languages"].items():
                languages[lang] = languages.get(lang, 0) + count
    theme.languages = languages
    theme.run_id = run.id
    theme.retired_at = None if theme.merged_into_id is None else theme.retired_at


def _members_when_merged(consultation, merged_ids: list[int]) -> dict[int, set]:
    """For themes retired by a merge: their members in the last finished run's snapshot."""
    if not merged_ids:
        return {}
    last = db.session.scalar(select(AnalysisRun).where(
        AnalysisRun.consultation_id == consultation.id, AnalysisRun.status == RunStatus.DONE)
        .order_by(AnalysisRun.finished_at.desc(), AnalysisRun.id.desc()).limit(1))
    assignment = ((last.summary or {}).get("snapshot", {}) if last else {}).get("themes", {})
    wanted = set(merged_ids)
    found: dict[int, set] = {}
    for proposal_id, theme_id in assignment.items():
        if theme_id in wanted:
            found.setdefault(theme_id, set()).add(int(proposal_id))
    return found


def save_duplicates(consultation, run, groups: list[dict], current: set) -> list[int]:
    """The same or an overlapping group keeps its id and decision; groups no longer found are retired."""
    groups = [g for g in groups if len(set(g["members"]) & current) >= 2]
    existing = db.session.scalars(select(DuplicateGroup).where(
        DuplicateGroup.consultation_id == consultation.id, DuplicateGroup.retired_at.is_(None))).all()
    by_id = {g.id: g for g in existing}
    pairs = matching.match_groups({g.id: set(g.proposal_ids) for g in existing},
                                  [set(g["members"]) & current for g in groups])
    kept = []
    for index, found in enumerate(groups):
        group = by_id.get(pairs.get(index))
        if group is None:
            group = DuplicateGroup(consultation_id=consultation.id, status=DuplicateStatus.OPEN)
            db.session.add(group)
        group.proposal_ids = sorted(set(found["members"]) & current)
        group.canonical_id = found["canonical"] if found["canonical"] in current else group.proposal_ids[0]
        group.similarity = found["similarity"]
        group.run_id = run.id
        kept.append(group)
    now = utcnow()
    for group in existing:
        if group not in kept:
            group.retired_at = now
    db.session.flush()
    return [g.id for g in kept]


def save_flags(consultation, run, triaged: dict, current: set) -> dict[str, str]:
    """Automatic fields follow the engine; a moderator's override fields and status are never touched, and
    a confirmed flag keeps the level, category and authority it was confirmed with (the engine's new answer
    is kept in `detail["engine"]` for the moderator to see). Returns proposal id -> effective level."""
    flags = {f.proposal_id: f for f in db.session.scalars(select(MandateFlag).where(
        MandateFlag.consultation_id == consultation.id))}
    levels, new = {}, []
    for key, result in triaged.items():
        proposal_id = int(key)
        if proposal_id not in current:
            continue
        flag = flags.get(proposal_id)
        if flag is None:
            flag = MandateFlag(consultation_id=consultation.id, proposal_id=proposal_id, status=FlagStatus.AUTOMATIC,
                               override_level="", override_category="", override_authority="")
            new.append(flag)
        if flag.status == FlagStatus.CONFIRMED:
            flag.detail = {**(flag.detail or {}), "engine": {k: result[k] for k in ("level", "category", "authority")}}
        else:
            flag.level, flag.category = result["level"], result["category"][:60]
            flag.authority = result["authority"][:200]
            flag.detail = result["detail"]
        flag.confidence, flag.needs_review, flag.mixed = result["confidence"], result["needs_review"], result["mixed"]
        flag.run_id = run.id
        levels[key] = flag.effective_level
    db.session.flush()
    if new:  # one statement for thousands of rows
        db.session.execute(insert(MandateFlag), [_columns(flag) for flag in new])
    return levels


def _columns(flag: MandateFlag) -> dict:
    return {column.key: getattr(flag, column.key) for column in MandateFlag.__table__.columns if column.key != "id"
            and column.key not in ("decided_by_id", "decided_at")}


def forget_opinion(run_id: int) -> None:
    """A failed run's opinion snapshot must not be shown as the consultation's latest."""
    db.session.execute(delete(OpinionSnapshot).where(OpinionSnapshot.run_id == run_id))


def versions() -> dict:
    """The libraries that shape a run's results, stored with it so that a result can be traced."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    found = {"majlis-engine": PARAMETERS_VERSION, "python": platform.python_version()}
    for name in ("numpy", "scipy", "scikit-learn", "nltk", "lingua-language-detector", "PyStemmer",
                 "snowballstemmer", "sentence-transformers"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found
