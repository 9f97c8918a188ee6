"""The secretariat accredits and suspends organisations."""
from app.organisations.models import Accreditation
from tests.conftest import post_form
from tests.factories import CouncilFactory, OrganisationFactory, moderator


def test_moderator_accredits_then_suspends_with_reason(client, login, db):
    organisation = OrganisationFactory(status=Accreditation.PENDING)
    login(moderator(organisation.council))
    url = f"/moderation/organisations/{organisation.id}/status"
    assert post_form(client, url, {"status": "accredited"}, form_url="/moderation/organisations").status_code == 302
    db.session.refresh(organisation)
    assert organisation.status == Accreditation.ACCREDITED and organisation.status_changed_at

    refused = post_form(client, url, {"status": "suspended", "reason": "  "}, form_url="/moderation/organisations")
    assert refused.status_code == 409 and "Say why" in refused.get_data(as_text=True)
    db.session.refresh(organisation)
    assert organisation.status == Accreditation.ACCREDITED

    post_form(client, url, {"status": "suspended", "reason": "Hate speech in two posts"},
              form_url="/moderation/organisations")
    db.session.refresh(organisation)
    assert organisation.status == Accreditation.SUSPENDED and organisation.status_reason == "Hate speech in two posts"


def test_accrediting_twice_is_a_conflict(client, login):
    organisation = OrganisationFactory(status=Accreditation.ACCREDITED)
    login(moderator(organisation.council))
    response = post_form(client, f"/moderation/organisations/{organisation.id}/status", {"status": "accredited"},
                         form_url="/moderation/organisations")
    assert response.status_code == 409 and "already accredited" in response.get_data(as_text=True)


def test_unknown_status_is_a_bad_request(client, login):
    organisation = OrganisationFactory(status=Accreditation.PENDING)
    login(moderator(organisation.council))
    response = post_form(client, f"/moderation/organisations/{organisation.id}/status", {"status": "pending"},
                         form_url="/moderation/organisations")
    assert response.status_code == 400


def test_queue_lists_pending_first(client, login):
    council = CouncilFactory()
    OrganisationFactory(name="Aaa accredited", council=council)
    OrganisationFactory(name="Zzz pending", status=Accreditation.PENDING, council=council)
    OrganisationFactory(name="Mmm pending elsewhere", status=Accreditation.PENDING)
    login(moderator(council))
    html = client.get("/moderation/organisations").get_data(as_text=True)
    assert html.index("Zzz pending") < html.index("Aaa accredited")
    assert "Mmm pending elsewhere" not in html  # another council's queue
