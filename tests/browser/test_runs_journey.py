"""A moderator watches a run, in a real browser, in English and in Arabic: the run page follows its progress
by itself (the static script polls the JSON endpoint; no reload until the run ends), then shows the summary;
the runs list, the comparison of two runs and the themes page. axe-core on every page."""
import re

import pytest
from playwright.sync_api import expect

from app.clock import utcnow
from app.extensions import db
from app.insights.models import AnalysisRun, RunStatus
from app.insights.runs import start_run
from app.unit_of_work import unit_of_work
from tests.browser.test_moderation_journey import sign_in
from tests.insights.conftest import build_world, run_analysis

pytestmark = pytest.mark.browser


def advance(run_id: int, **fields) -> None:
    """What the worker commits as it goes."""
    run = db.session.get(AnalysisRun, run_id)
    for name, value in fields.items():
        setattr(run, name, value)
    run.heartbeat_at = utcnow()
    db.session.commit()


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_run_page_follows_the_progress_then_shows_the_summary(page, assert_accessible, world, language):
    with unit_of_work():
        run = start_run(world.consultation, world.moderator, {"k": 3}, background=False)  # no worker: we play it
    run_id = run.id
    sign_in(page, world.moderator, language)
    page.goto(f"/consultations/{world.consultation.id}/runs/{run_id}")
    bar = page.locator("#run-progress-bar")
    expect(bar).to_have_attribute("value", "0")
    assert_accessible(page)
    page.evaluate("window.sameDocument = true")  # gone if the page reloads

    advance(run_id, status=RunStatus.RUNNING, stage="themes", progress=40)
    expect(page.locator("[data-run-percent]")).to_have_text("40")
    progress = f"/consultations/{world.consultation.id}/runs/{run_id}/progress"
    label = page.request.get(progress).json()["stage_label"]  # in the reader's language
    assert language == "ar" or label == "Finding themes"
    expect(page.locator("[data-run-stage]")).to_have_text(label)
    advance(run_id, stage="triage", progress=70)
    expect(page.locator("[data-run-percent]")).to_have_text("70")
    assert page.evaluate("window.sameDocument") is True
    assert bar.evaluate("element => element.value") == 70

    advance(run_id, status=RunStatus.DONE, stage="done", progress=100, finished_at=utcnow(),
            summary={"proposals": 23, "themes": 3, "duplicate_groups": 1, "duplicates": 3, "flags": 23,
                     "outside_mandate": 1, "needs_review": 2, "snapshot": {}})
    expect(page.locator("main dl")).to_have_count(2)  # the parameters, then the summary
    expect(page.locator("main dl").nth(1)).to_contain_text("23")
    expect(page.locator("[data-run-percent]")).to_have_text("100")
    assert page.evaluate("window.sameDocument") is None  # reloaded once finished, to show the summary
    assert_accessible(page)
    assert page.console_errors == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_runs_comparison_and_themes_pages_are_accessible(page, assert_accessible, world, language):
    first = run_analysis(world.consultation, world.moderator)
    second = run_analysis(world.consultation, world.moderator)
    sign_in(page, world.moderator, language)
    page.goto(f"/consultations/{world.consultation.id}/runs")
    expect(page.locator("main table tbody tr")).to_have_count(2)
    assert_accessible(page)
    page.locator("main form[method=get] button[type=submit]").click()  # the two latest runs are preselected
    expect(page).to_have_url(re.compile(rf"/runs/compare\?(?=.*\ba={first.id}\b)(?=.*\bb={second.id}\b)"))
    assert_accessible(page)
    page.goto(f"/consultations/{world.consultation.id}/themes")
    expect(page.locator("main section.card")).to_have_count(4)
    assert_accessible(page)
    assert page.console_errors == []
