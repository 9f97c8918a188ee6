"""Every URL parameter and form value is checked before it reaches the database: bad input is a
clear 4xx, never a 500 (issue 7, section 3). Each case gave 500 on PostgreSQL before."""
import pytest

from tests.conftest import csrf_token
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def site(db):
    from app.consultations.deliberation import services as deliberation
    from app.consultations.proposals import services as proposals

    consultation = ConsultationFactory(phase="deliberation")
    person = MembershipFactory(organisation=OrganisationFactory(council=consultation.council)).user
    proposal = proposals.submit_proposal(person, consultation, title="Night buses", body="More")
    deliberation.add_statement(None, consultation, "Buses all night", seeded=True)
    db.session.commit()
    return {"c": consultation.id, "p": proposal.id, "person": person}


BAD_GETS = [
    "/consultations/{big}", "/consultations/proposals/{big}", "/organisations/{big}", "/consultations/0",
    "/consultations/{c}?page={huge}", "/consultations/{c}?page=-1", "/consultations/{c}?page=abc",
    "/consultations/{c}?page=²", "/consultations/{c}?organisation_type=bogus", "/consultations/{c}?sort=bogus",
    "/consultations/?council={big}", "/consultations/?council=²", "/consultations/?phase=bogus",
    "/organisations/?type=bogus", "/organisations/?page={huge}", "/consultations/search?q=%00",
    "/consultations/{c}?category=a%00b",
]


@pytest.mark.parametrize("template", BAD_GETS)
def test_bad_query_gets_a_clear_4xx(client, site, template):
    url = template.format(big=2**31, huge=10**20, **site)
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)


BAD_POSTS = [
    ("/consultations/proposals/{p}/feedback", {"body": "x", "stance": "neutral", "parent_id": "²"}),
    ("/consultations/proposals/{p}/feedback", {"body": "x", "stance": "neutral", "parent_id": str(2**40)}),
    ("/consultations/proposals/{p}/feedback", {"body": "x", "stance": "bogus"}),
    ("/consultations/proposals/{p}/feedback", {"body": "a\x00b", "stance": "neutral"}),
    ("/consultations/{c}/vote", {"statement_id": "abc", "choice": "agree"}),
    ("/consultations/{c}/vote", {"statement_id": "²", "choice": "agree"}),
    ("/consultations/{c}/vote", {"statement_id": str(2**31), "choice": "agree"}),
    ("/consultations/{c}/vote", {"statement_id": "1", "choice": "maybe"}),
    ("/consultations/{c}/statements", {"text": "\x00"}),
    ("/consultations/{c}/statements", {"text": "   "}),
]


@pytest.mark.parametrize("template,data", BAD_POSTS)
def test_bad_form_gets_a_clear_4xx(client, login, site, template, data):
    login(site["person"])
    url = template.format(**site)
    response = client.post(url, data={"csrf_token": csrf_token(client, "/"), **data})
    assert 400 <= response.status_code < 500, (url, data, response.status_code)


def test_nul_bytes_are_refused_with_a_reason(client):
    response = client.get("/consultations/search?q=a%00b")
    assert response.status_code == 400 and "not allowed" in response.get_data(as_text=True)
