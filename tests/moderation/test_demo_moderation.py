"""The demo shows all of issue 10: reports waiting, a hidden item, an audit log, a reference population,
a dashboard with at least one suppressed cell, and a selection already drawn."""
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.audit.services import verify
from app.councils.models import Council
from app.moderation import dashboard, reports
from app.moderation.models import ReferenceDimension, Selection
from tests.conftest import post_form


def test_demo_moderation_content(runner, db, client):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    sfax = db.session.scalar(select(Council).where(Council.slug == "sfax"))
    assert reports.queue({sfax.id})  # reports waiting
    assert reports.hidden_items({sfax.id})  # a hidden item
    assert db.session.scalar(select(func.count(AuditEntry.id))) >= 5 and verify().ok
    assert db.session.scalar(select(func.count(ReferenceDimension.id)).where(ReferenceDimension.council_id == sfax.id))
    data = dashboard.build(sfax)
    cells = [n for d in data["dimensions"] for column in d["cells"].values() for n in column.values()]
    assert None in cells and data["participants"] >= 20
    selection = db.session.scalar(select(Selection))
    assert selection.drawn_at and len(selection.panel) == selection.panel_size
    again = runner.invoke(args=["selection", "draw", str(selection.id), "--published", selection.public_value])
    assert "matches the recorded draw" in again.output

    response = post_form(client, "/account/login", {"email": "moderator@majlis.example",
                                                    "password": "majlis-demo-2026"})
    assert response.status_code == 302
    for url in ("/moderation/", f"/moderation/councils/{sfax.id}/reports", f"/moderation/councils/{sfax.id}/audit",
                f"/moderation/councils/{sfax.id}/reference", f"/moderation/councils/{sfax.id}/dashboard",
                f"/moderation/councils/{sfax.id}/selections", f"/moderation/selections/{selection.id}",
                "/moderation/organisations", f"/councils/{sfax.id}/representation", "/account/demographics"):
        assert client.get(url).status_code == 200, url
    html = client.get(f"/moderation/councils/{sfax.id}/dashboard?lang=en").get_data(as_text=True)
    assert "sous-représenté" in html and "non affiché" in html  # the demo moderator reads French
