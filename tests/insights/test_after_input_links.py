"""The consultation page offers what became of the input only to those the server lets in."""
import pytest

from app.extensions import db
from tests.factories import ConsultationFactory, commissioner, moderator

PUBLIC = ["/themes", "/briefing", "/you-said-we-did"]
STAFF = ["/runs", "/curation", "/responses"]


def offered(client, consultation) -> set[str]:
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    nav = page.split('id="after-input"')[1].split("</nav>")[0] if 'id="after-input"' in page else ""
    return {suffix for suffix in PUBLIC + STAFF if f'/consultations/{consultation.id}{suffix}"' in nav}


@pytest.mark.parametrize("phase, expected", [("open", set()), ("analysis", {"/themes"}),
                                             ("response", {"/themes", "/briefing", "/you-said-we-did"})])
def test_a_visitor_is_offered_the_public_pages_of_the_phase(client, phase, expected):
    consultation = ConsultationFactory(phase=phase)
    db.session.commit()
    assert offered(client, consultation) == expected
    for suffix in expected:
        assert client.get(f"/consultations/{consultation.id}{suffix}").status_code == 200


def test_the_councils_moderator_is_offered_the_analysis_tools_and_another_councils_is_not(client, login):
    consultation = ConsultationFactory(phase="analysis")
    other = ConsultationFactory(phase="analysis")
    own, foreign = moderator(consultation.council), moderator(other.council)
    db.session.commit()
    login(own)
    assert {"/runs", "/curation", "/responses"} <= offered(client, consultation)
    for suffix in ("/runs", "/curation", "/responses"):
        assert client.get(f"/consultations/{consultation.id}{suffix}").status_code == 200
    client.post("/account/logout")
    login(foreign)
    assert offered(client, consultation) & set(STAFF) == set()


def test_a_commissioner_is_offered_the_briefing_before_it_is_public_and_the_desk(client, login):
    consultation = ConsultationFactory(phase="analysis")
    person = commissioner(consultation.council)
    db.session.commit()
    login(person)
    assert {"/briefing", "/responses", "/runs"} <= offered(client, consultation)
    assert "/curation" not in offered(client, consultation)
