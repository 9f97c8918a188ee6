"""`flask selection run/draw` on the shared folder format, and the secretariat's selection pages."""
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db as _db
from app.moderation.models import Selection
from tests.conftest import csrf_token, post_form
from tests.factories import CouncilFactory, moderator

SORTITION = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "sortition"
CATEGORIES = "category,feature,min,max\ngender,w,2,3\ngender,m,2,3\nage,young,1,3\nage,old,1,3\n"
RESPONDENTS = "id,gender,age,name\n" + "\n".join(
    f"v{i},{'w' if i % 2 else 'm'},{'young' if i % 3 else 'old'},Name {i}" for i in range(12))


@pytest.mark.datasets
def test_run_writes_the_result_and_draw_reproduces_the_panel(runner, tmp_path):
    out = tmp_path / "out.json"
    result = runner.invoke(args=["selection", "run", str(SORTITION / "example_small_20"), "--k", "20", "--json",
                                 str(out), "--published", "Lottery of 27 November: 4 8 15 16 23 42"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["min_probability"] == pytest.approx(0.1) and len(data["panel"]) == 20
    assert sum(data["probabilities"].values()) == pytest.approx(20) and data["seconds"] >= 0
    again = runner.invoke(args=["selection", "draw", str(out), "--published", "Lottery of 27 November: 4 8 15 16 23 42"])
    assert again.exit_code == 0 and " ".join(data["panel"]) in again.output


def write_pool(folder: Path, categories: str, respondents: str) -> Path:
    folder.mkdir()
    (folder / "categories.csv").write_text(categories)
    (folder / "respondents.csv").write_text(respondents)
    return folder


@pytest.mark.parametrize("categories,respondents,k,message", [
    (None, None, 3, "is not a folder"),
    (CATEGORIES, "id,gender\nv1,w", 3, "no column for the feature 'age'"),
    (CATEGORIES, "id,gender,age\nv1,w,teen", 1, "unknown value 'teen'"),
    (CATEGORIES.replace("gender,w,2,3", "gender,w,9,9"), RESPONDENTS, 6, "infeasible quotas"),
])
def test_bad_folders_unknown_features_and_infeasible_quotas_exit_2(runner, tmp_path, categories, respondents, k,
                                                                    message):
    folder = tmp_path / "missing" if categories is None else write_pool(tmp_path / "pool", categories, respondents)
    result = runner.invoke(args=["selection", "run", str(folder), "--k", str(k), "--json", str(tmp_path / "o.json")])
    assert result.exit_code == 2 and message in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1


def upload(client, council, **overrides):
    data = {"title": "Working group on housing", "panel_size": "6", "announcement": "EuroMillions of 1 December",
            "categories": (io.BytesIO(CATEGORIES.encode()), "categories.csv"),
            "respondents": (io.BytesIO(RESPONDENTS.encode()), "respondents.csv")}
    data.update(overrides)
    url = f"/moderation/councils/{council.id}/selections"
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data}, content_type="multipart/form-data")


def test_moderator_computes_commits_and_draws_a_selection(client, login, runner):
    council = CouncilFactory()
    login(moderator(council))
    response = upload(client, council)
    assert response.status_code == 302
    selection = _db.session.scalar(select(Selection))
    page = client.get(f"/moderation/selections/{selection.id}").get_data(as_text=True)
    assert selection.commitment in page and "Name 1" not in page  # only ids and features are kept
    assert "Name" not in json.dumps(selection.lottery)
    drawn = post_form(client, f"/moderation/selections/{selection.id}", {"public_value": "12 19 23 31 44 + 2 7"})
    assert drawn.status_code == 302
    _db.session.expire_all()
    assert len(selection.panel) == 6 and selection.seed
    again = runner.invoke(args=["selection", "draw", str(selection.id), "--published", "12 19 23 31 44 + 2 7"])
    assert again.exit_code == 0 and "matches the recorded draw" in again.output
    wrong = runner.invoke(args=["selection", "draw", str(selection.id), "--published", "something else"])
    assert wrong.exit_code == 1
    assert {"selection.computed", "selection.drawn"} <= set(_db.session.scalars(select(AuditEntry.action)))
    assert post_form(client, f"/moderation/selections/{selection.id}", {"public_value": "again"}).status_code == 200
    _db.session.expire_all()
    assert selection.seed == __import__("hashlib").sha256(b"12 19 23 31 44 + 2 7").hexdigest()  # drawn once only


def test_infeasible_quotas_are_explained_on_the_page(client, login):
    council = CouncilFactory()
    login(moderator(council))
    bad = CATEGORIES.replace("gender,w,2,3", "gender,w,5,5")
    response = upload(client, council, categories=(io.BytesIO(bad.encode()), "categories.csv"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "These quotas conflict" in html and "add up to" in html


def test_another_councils_moderator_sees_nothing(client, login):
    council, other = CouncilFactory(), CouncilFactory()
    login(moderator(council))
    upload(client, council)
    selection = _db.session.scalar(select(Selection))
    login(moderator(other))
    assert client.get(f"/moderation/selections/{selection.id}").status_code == 404
    assert client.get(f"/moderation/councils/{council.id}/selections").status_code == 404
    assert client.get(f"/moderation/selections/{selection.id}/lottery.json").status_code == 404
