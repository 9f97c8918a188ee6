"""Each role against each protected action: the server refuses what the role must not do."""
import pytest

from app.accounts.models import Role
from app.organisations.models import Accreditation, MembershipStatus
from tests.conftest import csrf_token
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

ROLES = ["visitor", "participant", "representative", "moderator", "commissioner", "admin"]


@pytest.fixture
def world(db):
    """A pending organisation with a representative and a pending member request."""
    organisation = OrganisationFactory(status=Accreditation.PENDING)
    representative = MembershipFactory(organisation=organisation, is_representative=True).user
    request = MembershipFactory(organisation=organisation, status=MembershipStatus.PENDING)
    people = {
        "participant": UserFactory(),
        "representative": representative,
        "moderator": UserFactory(role=Role.MODERATOR),
        "commissioner": UserFactory(role=Role.COMMISSIONER),
        "admin": UserFactory(role=Role.ADMIN),
    }
    return {"org": organisation, "request": request, "people": people}


def act(client, world, action):
    org, request = world["org"], world["request"]
    token = csrf_token(client, "/")
    post = lambda url, **data: client.post(url, data={"csrf_token": token, **data})  # noqa: E731
    return {
        "view pending organisation": lambda: client.get(f"/organisations/{org.id}"),
        "edit organisation": lambda: client.get(f"/organisations/{org.id}/edit"),
        "save organisation": lambda: post(f"/organisations/{org.id}/edit", name="Renamed", type="ngo",
                                          membership_band="1-10", council=org.council_id),
        "approve member": lambda: post(f"/organisations/{org.id}/memberships/{request.id}/approve"),
        "moderation queue": lambda: client.get("/moderation/organisations"),
        "accredit": lambda: post(f"/moderation/organisations/{org.id}/status", status="accredited"),
        "users page": lambda: client.get("/account/users"),
        "change role": lambda: post(f"/account/users/{world['people']['participant'].id}/role", role="admin"),
    }[action]()


ALLOWED = {
    "view pending organisation": {"representative", "moderator", "admin"},
    "edit organisation": {"representative", "moderator", "admin"},
    "save organisation": {"representative", "moderator", "admin"},
    "approve member": {"representative", "moderator", "admin"},
    "moderation queue": {"moderator", "admin"},
    "accredit": {"moderator", "admin"},
    "users page": {"admin"},
    "change role": {"admin"},
}


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, login, world, role, action):
    if role != "visitor":
        login(world["people"][role])
    response = act(client, world, action)
    if role in ALLOWED[action]:
        assert response.status_code in (200, 302), response.get_data(as_text=True)[:300]
        assert "/account/login" not in response.headers.get("Location", "")
    elif role == "visitor":
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/account/login" in response.headers["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_navigation_offers_only_what_is_allowed(client, login, world, role):
    if role != "visitor":
        login(world["people"][role])
    html = client.get("/").get_data(as_text=True)
    assert ('href="/moderation/organisations"' in html) == (role in ALLOWED["moderation queue"])
    assert ('href="/account/users"' in html) == (role in ALLOWED["users page"])


def test_refused_role_change_changes_nothing(client, login, world, db):
    login(world["people"]["moderator"])
    act(client, world, "change role")
    db.session.refresh(world["people"]["participant"])
    assert world["people"]["participant"].role == Role.PARTICIPANT
