"""A form token that our page did not give (too long for its column, or odd characters) is refused
like an expired form: 422 with what was typed kept, nothing stored, never a 500 (on PostgreSQL a
token over 64 characters used to reach the column and fail there)."""
import pytest
from sqlalchemy import func, select

from app.consultations.proposals.models import Feedback, Proposal
from app.forms_util import Form
from tests.conftest import post_form
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory

BAD_TOKENS = ["A" * 65, "x" * 1000, "token with spaces", "<script>", "tök"]


@pytest.fixture
def world(db):
    consultation = ConsultationFactory(phase="open")
    organisation = OrganisationFactory(council=consultation.council)
    author, other = (MembershipFactory(organisation=organisation).user for _ in range(2))
    from app.consultations.proposals import services

    proposal = services.submit_proposal(author, consultation, title="Night buses", body="More of them")
    db.session.commit()
    return consultation, proposal, other


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_a_foreign_token_is_refused_on_a_new_proposal(client, login, db, world, token):
    consultation, _proposal, other = world
    login(other)
    before = db.session.scalar(select(func.count(Proposal.id)))
    response = post_form(client, f"/consultations/{consultation.id}/proposals/new",
                         {"title": "Shade in the market square", "body": "Trees, please.", "form_token": token})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Shade in the market square" in html and "Reload the page and send it again." in html
    assert db.session.scalar(select(func.count(Proposal.id))) == before


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_a_foreign_token_is_refused_on_a_reply(client, login, db, world, token):
    _consultation, proposal, other = world
    login(other)
    response = post_form(client, f"/consultations/proposals/{proposal.id}/feedback",
                         {"body": "Yes, on line 12 too.", "stance": "supports", "form_token": token})
    assert response.status_code == 422
    assert "Yes, on line 12 too." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Feedback.id))) == 0


def test_every_form_with_a_token_checks_it():
    """Each form that guards a retry with a token uses the same checked field."""
    import app.consultations.deliberation.forms  # noqa: F401 (load every form class)
    import app.consultations.proposals.forms  # noqa: F401
    import app.responses.forms  # noqa: F401

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    with_token = [cls for cls in subclasses(Form) if getattr(cls, "form_token", None) is not None]
    assert len(with_token) >= 5
    for cls in with_token:
        kinds = {type(v).__name__ for v in cls.form_token.kwargs.get("validators", [])}
        assert {"Length", "Regexp"} <= kinds, cls
