"""Who sees and does what on the run and theme pages, for every role, including the same role on
another council; the command line."""
import pytest
from sqlalchemy import select

from app.consultations.phases import Phase
from app.extensions import db
from app.insights.models import AnalysisRun, RunStatus
from tests.conftest import post_form
from tests.factories import UserFactory, commissioner, council_member, moderator

from .conftest import run_analysis


def url(world, tail=""):
    return f"/consultations/{world.consultation.id}{tail}"


def people(world) -> dict:
    return {"moderator": world.moderator, "commissioner": world.commissioner,
            "participant": world.author, "member": council_member(world.council),
            "moderator elsewhere": moderator(world.other), "commissioner elsewhere": commissioner(world.other),
            "registered": UserFactory()}


RUNS_PAGE = {"moderator": 200, "commissioner": 200, "participant": 403, "member": 403,
             "moderator elsewhere": 403, "commissioner elsewhere": 403, "registered": 403}


@pytest.mark.parametrize("role", list(RUNS_PAGE))
def test_the_runs_and_run_pages_are_for_the_councils_secretariat_and_commissioners(world, client, login, role):
    run = run_analysis(world.consultation, world.moderator)
    login(people(world)[role])
    expected = RUNS_PAGE[role]
    assert client.get(url(world, "/runs")).status_code == expected
    assert client.get(url(world, f"/runs/{run.id}")).status_code == expected
    assert client.get(url(world, f"/runs/{run.id}/progress")).status_code == expected
    assert client.get(url(world, f"/runs/compare?a={run.id}&b={run.id}")).status_code == expected


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    assert client.get(url(world, "/runs")).status_code == 302


@pytest.mark.parametrize("role,allowed", [("moderator", True), ("commissioner", False), ("moderator elsewhere", False),
                                          ("participant", False)])
def test_only_the_councils_secretariat_starts_a_run(world, client, login, role, allowed):
    user = people(world)[role]
    login(user)
    page = client.get(url(world, "/runs")).get_data(as_text=True)
    assert ("Start the analysis" in page) == allowed
    answer = post_form(client, url(world, "/runs"), {"k": "3", "seed": "1", "duplicate_threshold": "0.8"},
                       form_url="/")  # every page's language menu holds the session's CSRF token
    made = db.session.scalars(select(AnalysisRun)).all()
    if allowed:
        assert answer.status_code == 302 and len(made) == 1
        assert made[0].started_by_id == user.id and made[0].parameters["seed"] == 1
        assert made[0].status == RunStatus.DONE  # the job ran after the commit (immediate in tests)
        follow = client.get(answer.headers["Location"]).get_data(as_text=True)
        assert "Summary" in follow and "scikit-learn" in follow
    else:
        assert answer.status_code == 403 and made == []


def test_a_bad_parameter_is_refused_with_the_typed_values_kept(world, client, login):
    login(world.moderator)
    answer = post_form(client, url(world, "/runs"), {"k": "500", "seed": "abc", "duplicate_threshold": "0.8"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and 'value="500"' in page
    assert db.session.scalars(select(AnalysisRun)).all() == []


@pytest.mark.parametrize("threshold", ["sNaN", "NaN", "Infinity", "-inf"])
def test_a_threshold_that_is_not_a_number_is_refused(world, client, login, threshold):
    """Python reads these as decimals; the range check then raised on a NaN (a 500 before)."""
    login(world.moderator)
    answer = post_form(client, url(world, "/runs"), {"k": "3", "seed": "1", "duplicate_threshold": threshold})
    assert answer.status_code == 422 and "Not a valid decimal value." in answer.get_data(as_text=True)
    assert db.session.scalars(select(AnalysisRun)).all() == []


def test_resume_is_for_the_secretariat_only(world, client, login):
    from .test_runs_pipeline import stale
    from app.insights.runs import start_run
    from app.unit_of_work import unit_of_work

    with unit_of_work():
        run = start_run(world.consultation, world.moderator, background=False)
    stale(run)
    login(world.commissioner)
    page = client.get(url(world, f"/runs/{run.id}")).get_data(as_text=True)
    assert "interrupted" in page and ">Resume<" not in page
    assert post_form(client, url(world, f"/runs/{run.id}/resume"), {}, form_url="/").status_code == 403
    db.session.expire_all()
    assert db.session.get(AnalysisRun, run.id).status == RunStatus.RUNNING


def test_a_run_of_another_consultation_is_not_found_here(world, client, login):
    from tests.factories import ConsultationFactory

    elsewhere = ConsultationFactory(council=world.council, phase="analysis")
    run = run_analysis(elsewhere, world.moderator)
    login(world.moderator)
    assert client.get(url(world, f"/runs/{run.id}")).status_code == 404
    assert client.get(url(world, "/runs/compare?a=x&b=1")).status_code == 400
    assert client.get(url(world, "/runs/99999999999")).status_code == 404


def test_the_run_page_shows_progress_and_polls_without_inline_script(world, client, login):
    from app.insights.runs import start_run
    from app.unit_of_work import unit_of_work

    with unit_of_work():
        run = start_run(world.consultation, world.moderator, background=False)
    login(world.moderator)
    page = client.get(url(world, f"/runs/{run.id}")).get_data(as_text=True)
    assert '<progress id="run-progress-bar"' in page and "js/run-progress.js" in page
    assert "Refresh this page" in page and "<script>" not in page
    state = client.get(url(world, f"/runs/{run.id}/progress")).get_json()
    assert state == {"id": run.id, "status": "queued", "stage": "queued", "progress": 0, "finished": False,
                     "error": "", "stage_label": "Waiting for a worker", "status_label": "queued"}


def test_themes_are_readable_by_anyone_who_sees_the_consultation_from_the_analysis_phase(world, client, login):
    run_analysis(world.consultation, world.moderator)
    page = client.get(url(world, "/themes"))
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "6 proposals" in text and "English" in text
    assert "1 organisation" not in text and "fewer than 5 organisations" in text  # k = 5, as the API
    assert text.count('href="/consultations/proposals/') >= 6  # two or three quotes per theme, linked
    assert "Runs" not in text and "Analysis runs" not in text  # not offered to an anonymous reader


def test_themes_wait_for_the_analysis_phase_except_for_the_secretariat_and_commissioners(world, client, login):
    run_analysis(world.consultation, world.moderator)
    world.consultation.phase_override = Phase.DELIBERATION
    db.session.commit()
    assert client.get(url(world, "/themes")).status_code == 403
    login(world.commissioner)
    assert client.get(url(world, "/themes")).status_code == 200


def test_themes_of_a_members_only_consultation_stay_hidden_from_outsiders(world, client, login):
    world.consultation.visibility = "members"
    db.session.commit()
    run_analysis(world.consultation, world.moderator)
    assert client.get(url(world, "/themes")).status_code == 404
    login(world.author)
    assert client.get(url(world, "/themes")).status_code == 200


def test_themes_are_titled_in_the_readers_language_where_the_members_allow(world):
    from app.insights.models import Theme
    from app.insights.runs import title_in

    theme = Theme(label="rent, housing", labels={"en": "rent, housing", "fr": "loyer, logement"})
    assert title_in(theme, "fr") == "loyer, logement" and title_in(theme, "ar") == "rent, housing"
    theme.name = "Logement"
    assert title_in(theme, "en") == "Logement"


def test_the_command_runs_and_prints_the_summary(world, runner):
    result = runner.invoke(args=["analysis", "run", str(world.consultation.id), "--wait", "--k", "3"])
    assert result.exit_code == 0, result.output
    run = db.session.scalar(select(AnalysisRun))
    assert f"run {run.id}: done" in result.output and "themes: 3" in result.output
    assert "proposals: 23" in result.output


def test_the_command_says_plainly_when_the_consultation_does_not_exist(runner):
    result = runner.invoke(args=["analysis", "run", "424242", "--wait"])
    assert result.exit_code == 2 and "No consultation has the id 424242." in result.output


def test_a_worker_process_knows_the_job_once_it_has_created_the_app():
    """`flask jobs worker` only creates the app: the run's job must be registered by then, or the worker
    cannot read it from the queue."""
    import subprocess
    import sys

    check = ("import sys; from app import create_app; create_app('testing'); "
             "print('app.insights.jobs' in sys.modules)")
    answer = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120)
    assert answer.stdout.strip() == "True", answer.stderr[-2000:]
