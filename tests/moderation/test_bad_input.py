"""Moderators' pages answer bad input with a 4xx and a reason, never a 500 (each case below was a
500, found by a security probe)."""
from sqlalchemy import func, select

from app.moderation.models import ReferenceDimension
from tests.conftest import post_form
from tests.factories import CouncilFactory, moderator


def test_an_audit_date_at_the_end_of_the_calendar_is_refused(client, login):
    council = CouncilFactory()
    login(moderator(council))
    url = f"/moderation/councils/{council.id}/audit"
    assert client.get(url + "?until=9999-12-31").status_code == 400
    assert client.get(url + "?since=0001-01-01").status_code == 400
    assert client.get(url + "?until=2026-11-28").status_code == 200


def test_a_second_set_of_figures_for_a_dimension_is_refused_with_a_reason(client, login, db):
    council = CouncilFactory()
    login(moderator(council))
    url = f"/moderation/councils/{council.id}/reference"
    data = {"kind": "language", "source": "Census 2024", "source_date": "2024-06-01",
            "groups": "Arabic: 50\nFrench: 30\nEnglish: 20"}
    assert post_form(client, url, data).status_code == 302
    again = post_form(client, url, {**data, "source": "Survey 2025"})
    assert again.status_code == 422  # the form page, sent back with the reason
    page = again.get_data(as_text=True)
    assert "already has figures for this dimension" in page and "Survey 2025" in page  # typing kept
    assert db.session.scalar(select(func.count(ReferenceDimension.id))) == 1
