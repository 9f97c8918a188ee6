"""Each role against each protected action, on the object's own council and on another council:
the server refuses what the role must not do, and a role on council B gives nothing on council A."""
import pytest

from app.organisations.models import Accreditation, MembershipStatus
from tests.conftest import csrf_token
from tests.factories import (ConsultationFactory, CouncilFactory, MembershipFactory, OrganisationFactory, UserFactory,
                             admin, commissioner, council_member, moderator)

ROLES = ["visitor", "participant", "representative", "council_member", "council_member_other", "moderator",
         "moderator_other", "commissioner", "commissioner_other", "admin"]


@pytest.fixture
def world(db):
    """Council A with a pending organisation (its representative and a pending member request) and a
    members-only consultation; council B with the same roles."""
    council, other = CouncilFactory(), CouncilFactory()
    organisation = OrganisationFactory(council=council, status=Accreditation.PENDING)
    representative = MembershipFactory(organisation=organisation, is_representative=True).user
    request = MembershipFactory(organisation=organisation, status=MembershipStatus.PENDING)
    consultation = ConsultationFactory(council=council, visibility="members", phase="open")
    people = {
        "participant": MembershipFactory(organisation=OrganisationFactory(council=council)).user,
        "representative": representative,
        "council_member": council_member(council),
        "council_member_other": council_member(other),
        "moderator": moderator(council),
        "moderator_other": moderator(other),
        "commissioner": commissioner(council),
        "commissioner_other": commissioner(other),
        "admin": admin(),
    }
    return {"org": organisation, "request": request, "people": people, "council": council,
            "consultation": consultation, "target": UserFactory()}


def act(client, world, action):
    org, request, council, consultation = world["org"], world["request"], world["council"], world["consultation"]
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
        "make admin": lambda: post(f"/account/users/{world['target'].id}/admin", is_admin="y"),
        "council roles page": lambda: client.get(f"/councils/{council.id}/roles"),
        "give a council role": lambda: post(f"/councils/{council.id}/roles", email=world["target"].email,
                                            role="moderator"),
        "view members-only consultation": lambda: client.get(f"/consultations/{consultation.id}"),
        "submit to members-only consultation": lambda: post(f"/consultations/{consultation.id}/proposals/new",
                                                            title="T", body="B", organisation="0"),
        "manage consultation": lambda: client.get(f"/consultations/{consultation.id}/manage"),
        "close a phase": lambda: post(f"/consultations/{consultation.id}/phase", phase="closed"),
        "edit the council's page": lambda: post(f"/councils/{council.id}/edit", description="Ours"),
    }[action]()


ALLOWED = {
    "view pending organisation": {"representative", "moderator", "admin"},
    "edit organisation": {"representative", "moderator", "admin"},
    "save organisation": {"representative", "moderator", "admin"},
    "approve member": {"representative", "moderator", "admin"},
    "moderation queue": {"moderator", "moderator_other", "admin"},  # each sees only their own council's
    "accredit": {"moderator", "admin"},
    "users page": {"admin"},
    "make admin": {"admin"},
    "council roles page": {"admin"},
    "give a council role": {"admin"},
    # commissioners answer every consultation of their council, so they read the members-only ones too
    "view members-only consultation": {"participant", "council_member", "moderator", "commissioner", "admin"},
    "submit to members-only consultation": {"participant", "council_member"},
    "manage consultation": {"moderator", "admin"},
    "close a phase": {"moderator", "admin"},
    "edit the council's page": {"moderator", "admin"},
}
# Where refusing with 404 keeps secret that the thing exists at all.
HIDDEN = {"view pending organisation", "edit organisation", "save organisation", "accredit",
          "view members-only consultation", "submit to members-only consultation", "manage consultation",
          "close a phase"}


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
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert "/account/login" in response.headers["Location"]
    else:
        assert response.status_code in ((403, 404) if action in HIDDEN else (403,)), response.status_code


def test_other_councils_moderator_sees_an_empty_queue(client, login, world):
    login(world["people"]["moderator_other"])
    assert world["org"].name not in client.get("/moderation/organisations").get_data(as_text=True)
    login(world["people"]["moderator"])
    assert world["org"].name in client.get("/moderation/organisations").get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_navigation_offers_only_what_is_allowed(client, login, world, role):
    if role != "visitor":
        login(world["people"][role])
    html = client.get("/").get_data(as_text=True)
    assert ('href="/moderation/organisations"' in html) == (role in ALLOWED["moderation queue"])
    assert ('href="/account/users"' in html) == (role in ALLOWED["users page"])


def test_refused_admin_change_changes_nothing(client, login, world, db):
    login(world["people"]["moderator"])
    act(client, world, "make admin")
    db.session.refresh(world["target"])
    assert not world["target"].is_admin


def test_admin_gives_a_council_role_that_counts_on_that_council_only(client, login, world, db):
    from tests.conftest import post_form

    login(world["people"]["admin"])
    url = f"/councils/{world['council'].id}/roles"
    assert post_form(client, url, {"email": world["target"].email, "role": "moderator"}).status_code == 302
    again = post_form(client, url, {"email": world["target"].email, "role": "moderator"})
    assert again.status_code == 422 and "already has this role" in again.get_data(as_text=True)
    db.session.refresh(world["target"])
    assert [(r.council_id, r.role) for r in world["target"].council_roles] == [(world["council"].id, "moderator")]
