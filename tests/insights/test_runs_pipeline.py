"""A run on a small consultation: what it stores, how its progress advances, failure, resume, re-runs
that keep curation, and corrections that change the next triage."""
from datetime import timedelta

from sqlalchemy import event, select

from app.clock import utcnow
from app.extensions import db
from app.insights import runs
from app.insights.jobs import execute
from app.insights.models import (AnalysisRun, DuplicateGroup, DuplicateStatus, FlagStatus, MandateFlag, RunStatus,
                                 Theme, ThemeMember, TriageCorrection)
from app.insights.runs import start_run
from app.unit_of_work import unit_of_work

from .conftest import run_analysis

CORRECTED = "Organise a monthly gathering for newcomer families in the neighbourhood hall"


def themes_of(consultation, active=True):
    query = select(Theme).where(Theme.consultation_id == consultation.id)
    if active:
        query = query.where(Theme.retired_at.is_(None))
    return db.session.scalars(query.order_by(Theme.id)).all()


def theme_of(proposal) -> ThemeMember:
    return db.session.scalar(select(ThemeMember).where(ThemeMember.proposal_id == proposal.id))


def flag_of(proposal) -> MandateFlag:
    return db.session.scalar(select(MandateFlag).where(MandateFlag.proposal_id == proposal.id))


def test_a_run_stores_themes_duplicates_and_flags(world):
    run = run_analysis(world.consultation, world.moderator)

    assert (run.status, run.stage, run.progress, run.error) == (RunStatus.DONE, "done", 100, "")
    assert {"numpy", "scikit-learn", "scipy", "majlis-engine"} <= set(run.versions)
    assert run.parameters["k"] == 4 and run.parameters["seed"] == 0
    everyone = [p for ps in world.proposals.values() for p in (ps if isinstance(ps, list) else [ps])]
    themes = themes_of(world.consultation)
    assert len(themes) >= 3 and all(t.label and t.terms and t.run_id == run.id for t in themes)
    assert all(theme_of(p) is not None for p in everyone)
    housing = {theme_of(p).theme_id for p in world.proposals["housing"]}
    transport = {theme_of(p).theme_id for p in world.proposals["transport"]}
    assert len(housing) == 1 and housing != transport
    quoted = themes[0].quotes
    assert 1 <= len(quoted) <= 3 and set(quoted) <= {p.id for p in everyone}
    group = db.session.scalar(select(DuplicateGroup).where(DuplicateGroup.consultation_id == world.consultation.id))
    assert group.proposal_ids == sorted(p.id for p in world.proposals["campaign"])
    assert group.status == DuplicateStatus.OPEN and group.run_id == run.id
    assert flag_of(world.proposals["permit"]).effective_level == "national"
    assert flag_of(world.proposals["permit"]).outside_mandate
    assert flag_of(world.proposals["housing"][0]).effective_level in ("municipal", "shared")
    assert run.summary["proposals"] == len(everyone) and run.summary["duplicate_groups"] == 1
    assert run.summary["outside_mandate"] >= 1 and "partial" not in run.summary
    permit = world.proposals["permit"]
    assert run.summary["snapshot"]["themes"][str(permit.id)] == theme_of(permit).theme_id


def test_progress_advances_in_committed_steps(world):
    """Each report is committed on its own, so another connection (the run page) sees it while it works."""
    seen = []

    def committed(session):
        row = session.execute(select(AnalysisRun.stage, AnalysisRun.progress)
                              .where(AnalysisRun.consultation_id == world.consultation.id)).first()
        if row and (not seen or seen[-1] != tuple(row)):
            seen.append(tuple(row))

    event.listen(db.session.registry().__class__, "before_commit", committed)
    try:
        run_analysis(world.consultation, world.moderator)
    finally:
        event.remove(db.session.registry().__class__, "before_commit", committed)
    stages = [stage for stage, _ in seen]
    progress = [value for _, value in seen]
    assert progress == sorted(progress) and len(set(progress)) >= 6
    order = ["queued", "themes", "duplicates", "opinion", "triage", "saving", "done"]
    assert [s for s in order if s in stages] == order
    assert ("themes", 40) in seen and seen[-1] == ("done", 100)


def test_a_failing_run_is_failed_with_its_error(world, client, login):
    world.council.competence_map = "atlantis"
    world.council.city = "Atlantis"
    db.session.commit()

    run = run_analysis(world.consultation, world.moderator)

    assert run.status == RunStatus.FAILED and "no competence map for 'atlantis'" in run.error
    assert run.stage == "triage" and run.finished_at is not None
    assert db.session.scalars(select(MandateFlag)).all() == []  # nothing half-saved
    assert themes_of(world.consultation) == []
    login(world.moderator)
    page = client.get(f"/consultations/{world.consultation.id}/runs/{run.id}").get_data(as_text=True)
    assert "The run failed with this error" in page and "no competence map for &#39;atlantis&#39;" in page
    state = client.get(f"/consultations/{world.consultation.id}/runs/{run.id}/progress").get_json()
    assert state["status"] == "failed" and state["finished"] and "atlantis" in state["error"]


def stale(run, stage="duplicates", partial=None):
    """What a worker that died in `stage` leaves behind."""
    run.status, run.stage, run.progress = RunStatus.RUNNING, stage, 45
    run.started_at = run.heartbeat_at = utcnow() - timedelta(minutes=30)
    run.summary = {**run.summary, "partial": partial or {}}
    db.session.commit()


def test_an_interrupted_run_is_resumed_without_redoing_finished_stages(world, client, login):
    with unit_of_work():
        run = start_run(world.consultation, world.moderator, {"k": 3}, background=False)
    everyone = sorted(p.id for p in world.proposals["housing"] + world.proposals["transport"])
    clusters = [{"members": everyone, "label": "kept from the first attempt", "labels": {"en": "kept"},
                 "terms": ["kept"], "quotes": everyone[:2], "languages": {"en": len(everyone)}}]
    stale(run, partial={"themes": {"clusters": clusters, "k": 1, "parameters": {}, "k_reason": "given"}})
    assert runs.display_status(run) == "interrupted" and runs.active_run(world.consultation) is None

    login(world.moderator)
    page = client.get(f"/consultations/{world.consultation.id}/runs/{run.id}").get_data(as_text=True)
    assert "interrupted" in page and "Resume" in page
    from tests.conftest import post_form
    answer = post_form(client, f"/consultations/{world.consultation.id}/runs/{run.id}/resume", {},
                       form_url=f"/consultations/{world.consultation.id}/runs/{run.id}")
    assert answer.status_code == 302

    db.session.expire_all()
    run = db.session.get(AnalysisRun, run.id)
    assert run.status == RunStatus.DONE and run.summary["attempt"] == 2
    assert [t.label for t in themes_of(world.consultation)] == ["kept from the first attempt"]
    assert flag_of(world.proposals["permit"]).effective_level == "national"  # the stages left were done


def test_a_lost_worker_coming_back_after_a_resume_stops(world):
    with unit_of_work():
        run = start_run(world.consultation, world.moderator, {"k": 3}, background=False)
    stale(run)
    with unit_of_work():
        runs.resume_run(run, world.moderator)  # the job runs at once (tests) as attempt 2
    db.session.expire_all()
    assert db.session.get(AnalysisRun, run.id).status == RunStatus.DONE
    assert execute(run.id, 1) is None  # attempt 1 (the lost worker) finds nothing to do


def test_a_rerun_keeps_renamed_and_merged_themes_moved_submissions_and_decisions(world, client, login):
    first = run_analysis(world.consultation, world.moderator)
    housing = db.session.get(Theme, theme_of(world.proposals["housing"][0]).theme_id)
    transport = db.session.get(Theme, theme_of(world.proposals["transport"][0]).theme_id)
    language = db.session.get(Theme, theme_of(world.proposals["language"][0]).theme_id)
    assert len({housing.id, transport.id, language.id}) == 3
    # A moderator's curation, as the curation pages store it:
    housing.name = "Housing and rent"
    for member in list(transport.members):  # transport merged into language
        member.theme_id = language.id
    transport.retired_at, transport.merged_into_id = utcnow(), language.id
    moved = theme_of(world.proposals["housing"][1])  # one housing proposal moved to language, pinned
    moved.theme_id, moved.pinned = language.id, True
    flag = flag_of(world.proposals["permit"])
    flag.status, flag.override_level, flag.override_category = FlagStatus.OVERRIDDEN, "municipal", "participation"
    confirmed = flag_of(world.proposals["housing"][0])
    confirmed.status, confirmed.level = FlagStatus.CONFIRMED, "shared"
    group = db.session.scalar(select(DuplicateGroup).where(DuplicateGroup.consultation_id == world.consultation.id))
    group.status = DuplicateStatus.DISMISSED
    db.session.commit()

    second = run_analysis(world.consultation, world.moderator)

    assert second.status == RunStatus.DONE
    db.session.expire_all()
    assert db.session.get(Theme, housing.id).name == "Housing and rent"
    assert db.session.get(Theme, housing.id).retired_at is None
    assert db.session.get(Theme, housing.id).run_id == second.id  # computed fields refreshed
    assert db.session.get(Theme, transport.id).retired_at is not None  # stays merged
    assert {theme_of(p).theme_id for p in world.proposals["transport"]} == {language.id}
    assert theme_of(world.proposals["housing"][1]).theme_id == language.id
    assert theme_of(world.proposals["housing"][1]).pinned
    assert {theme_of(p).theme_id for p in world.proposals["housing"][2:]} == {housing.id}
    flag = flag_of(world.proposals["permit"])
    assert (flag.status, flag.override_level, flag.override_category) == (FlagStatus.OVERRIDDEN, "municipal",
                                                                          "participation")
    assert flag.effective_level == "municipal" and flag.level == "national" and flag.run_id == second.id
    confirmed = flag_of(world.proposals["housing"][0])
    assert (confirmed.status, confirmed.level) == (FlagStatus.CONFIRMED, "shared")
    groups = db.session.scalars(select(DuplicateGroup).where(DuplicateGroup.retired_at.is_(None))).all()
    assert [(g.id, g.status) for g in groups] == [(group.id, DuplicateStatus.DISMISSED)]
    assert second.summary["snapshot"]["flags"][str(world.proposals["permit"].id)] == "municipal"

    login(world.moderator)
    page = client.get(f"/consultations/{world.consultation.id}/runs/compare?a={first.id}&b={second.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    changes = runs.compare(first, second)
    assert (world.proposals["housing"][1].id, housing.id, language.id) in [tuple(m) for m in changes["moved"]]
    assert (world.proposals["permit"].id, "national", "municipal") in [tuple(f) for f in changes["flags"]]
    assert f'href="/consultations/proposals/{world.proposals["housing"][1].id}"' in text
    assert "Housing and rent" in text


def test_a_theme_no_longer_found_is_retired_unless_a_member_is_pinned_there(world):
    run_analysis(world.consultation, world.moderator)
    orphan = Theme(consultation_id=world.consultation.id, label="no longer found")
    pinned = Theme(consultation_id=world.consultation.id, label="a moderator's own theme")
    db.session.add_all([orphan, pinned])
    db.session.flush()
    member = theme_of(world.proposals["similar"])
    member.theme_id, member.pinned = pinned.id, True
    db.session.commit()

    run_analysis(world.consultation, world.moderator)

    db.session.expire_all()
    assert db.session.get(Theme, orphan.id).retired_at is not None  # retired, never deleted
    assert db.session.get(Theme, pinned.id).retired_at is None
    assert theme_of(world.proposals["similar"]).theme_id == pinned.id


def test_hidden_and_withdrawn_proposals_are_left_out(world):
    hidden, withdrawn = world.proposals["language"][0], world.proposals["language"][1]
    hidden.hidden_at = utcnow()
    from app.consultations.proposals.models import ProposalStatus
    withdrawn.status = ProposalStatus.WITHDRAWN
    db.session.commit()

    run = run_analysis(world.consultation, world.moderator)

    assert theme_of(hidden) is None and flag_of(withdrawn) is None
    assert str(hidden.id) not in run.summary["snapshot"]["themes"]


def test_a_correction_changes_the_next_triage_of_a_similar_text(world):
    run_analysis(world.consultation, world.moderator)
    similar = world.proposals["similar"]
    assert flag_of(similar).category != "culture_sport"

    db.session.add(TriageCorrection(council_id=world.council.id, category="culture_sport", level="municipal",
                                    text=CORRECTED))
    db.session.commit()
    run_analysis(world.consultation, world.moderator)

    db.session.expire_all()
    assert flag_of(similar).category == "culture_sport"


def test_another_councils_corrections_do_not_change_this_triage(world):
    db.session.add(TriageCorrection(council_id=world.other.id, category="culture_sport", level="municipal",
                                    text=CORRECTED))
    db.session.commit()
    run_analysis(world.consultation, world.moderator)
    assert flag_of(world.proposals["similar"]).category != "culture_sport"


def test_a_second_run_does_not_start_beside_a_running_one(world):
    import pytest

    from app.domain_errors import DomainError

    with unit_of_work():
        start_run(world.consultation, world.moderator, background=False)
    with pytest.raises(DomainError):
        start_run(world.consultation, world.moderator)


def test_feedback_joins_a_proposals_text_only_when_asked_and_only_when_visible(world):
    from app.consultations.proposals import services as proposals
    from app.insights.pipeline import load_inputs

    target = world.proposals["permit"]
    proposals.add_feedback(world.author, target, "Waiting six months for the card is too long")
    hidden = proposals.add_feedback(world.author, target, "Spam spam spam")
    hidden.hidden_at = utcnow()
    db.session.commit()

    plain, with_feedback = load_inputs(world.consultation, False), load_inputs(world.consultation, True)
    position = plain.ids.index(target.id)
    assert "six months" not in plain.theme_texts(False)[position]
    assert "six months" in with_feedback.theme_texts(True)[position]
    assert "Spam" not in with_feedback.theme_texts(True)[position]
    run = run_analysis(world.consultation, world.moderator, use_feedback=True)
    assert run.status == RunStatus.DONE and run.parameters["use_feedback"] is True
