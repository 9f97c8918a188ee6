"""Each role against each moderation action, on the council's own objects and from another council:
only the council's secretariat (and the admin) may; a moderator of another council gets a 404."""
import pytest

from app.consultations.proposals import services as proposals
from app.extensions import db as _db
from tests.conftest import csrf_token
from tests.test_permission_matrix import ROLES, world  # noqa: F401  (the shared fixture)


@pytest.fixture
def item(world):  # noqa: F811
    consultation = world["consultation"]
    consultation.visibility = "public"
    proposal = proposals.submit_proposal(world["people"]["participant"], consultation, title="Night buses",
                                         body="More buses at night")
    _db.session.commit()
    return proposal


def act(client, world, proposal, action):
    council = world["council"]
    token = csrf_token(client, "/")
    post = lambda url, **data: client.post(url, data={"csrf_token": token, **data})  # noqa: E731
    return {
        "moderation home": lambda: client.get("/moderation/"),
        "reports queue": lambda: client.get(f"/moderation/councils/{council.id}/reports"),
        "hide": lambda: post(f"/moderation/content/proposal/{proposal.id}/hide", reason="Spam"),
        "block": lambda: post(f"/moderation/councils/{council.id}/blocks/{world['target'].id}",
                              until="2099-01-01T00:00", reason="Spam"),
        "audit log": lambda: client.get(f"/moderation/councils/{council.id}/audit"),
        "reference population": lambda: client.get(f"/moderation/councils/{council.id}/reference"),
        "dashboard": lambda: client.get(f"/moderation/councils/{council.id}/dashboard"),
        "consultation dashboard": lambda: client.get(f"/moderation/consultations/{world['consultation'].id}/dashboard"),
        "selections": lambda: client.get(f"/moderation/councils/{council.id}/selections"),
        "accreditation history": lambda: client.get(f"/moderation/organisations/{world['org'].id}/history"),
        "report": lambda: post(f"/moderation/report/proposal/{proposal.id}", reason="spam"),
        "public summary": lambda: client.get(f"/councils/{council.id}/representation"),
        "my demographics": lambda: client.get("/account/demographics"),
    }[action]()


SECRETARIAT = {"moderator", "admin"}
ALLOWED = {
    "moderation home": SECRETARIAT | {"moderator_other"},
    "reports queue": SECRETARIAT, "hide": SECRETARIAT, "block": SECRETARIAT, "audit log": SECRETARIAT,
    "reference population": SECRETARIAT, "dashboard": SECRETARIAT, "consultation dashboard": SECRETARIAT,
    "selections": SECRETARIAT, "accreditation history": SECRETARIAT,
    "report": set(ROLES) - {"visitor", "participant"},  # anyone signed in but the author
    "public summary": set(ROLES),
    "my demographics": set(ROLES) - {"visitor"},
}


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_moderation_matrix(client, login, world, item, role, action):  # noqa: F811
    if role != "visitor":
        login(world["people"][role])
    response = act(client, world, item, action)
    if role in ALLOWED[action]:
        assert response.status_code in (200, 302), (response.status_code, response.get_data(as_text=True)[:300])
        assert "/account/login" not in response.headers.get("Location", "")
    elif role == "visitor":
        assert response.status_code in (302, 401, 403, 404)
        if response.status_code == 302:
            assert "/account/login" in response.headers["Location"]
    else:
        assert response.status_code in (403, 404), response.status_code
        if role == "moderator_other":
            assert response.status_code == 404  # another council's pages are not theirs to know of
