"""Every curation route against every role: only the secretariat of the consultation's own council (and the
platform admin, who stands in for every secretariat, as in app/councils/roles.moderates) may curate; the
others are refused on the server and nothing changes."""
import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.insights.curation_permissions import can_curate
from app.insights.models import TriageCorrection
from tests.conftest import csrf_token
from tests.factories import (CouncilFactory, MembershipFactory, OrganisationFactory, admin, commissioner,
                             council_member, moderator)
from tests.insights.factories_insights import curation_world, flag_for, proposal_in

ROLES = ["anonymous", "participant", "council_member", "moderator_other", "commissioner", "commissioner_other",
         "moderator", "admin"]
ALLOWED = {"moderator", "admin"}


@pytest.fixture
def world(db):
    consultation, themes, group = curation_world(themes=3, per_theme=2)
    council, other = consultation.council, CouncilFactory()
    flag = flag_for(proposal_in(consultation, title="Renew permits"))
    people = {
        "anonymous": None,
        "participant": MembershipFactory(organisation=OrganisationFactory(council=council)).user,
        "council_member": council_member(council),
        "moderator_other": moderator(other),
        "commissioner": commissioner(council),
        "commissioner_other": commissioner(other),
        "moderator": moderator(council),
        "admin": admin(),
    }
    return consultation, themes, group, flag, people


def requests(consultation, themes, group, flag):
    base = f"/consultations/{consultation.id}/curation"
    first, second, third = themes
    return {
        "page": ("get", base, {}),
        "theme page": ("get", f"{base}/themes/{first.id}", {}),
        "rename": ("post", f"{base}/themes/{first.id}/rename", {f"rename{first.id}-name": "Renamed"}),
        "merge": ("post", f"{base}/merge", {"merge-sources": second.id, "merge-target": first.id}),
        "split": ("post", f"{base}/themes/{third.id}/split", {
            f"split{third.id}-proposal_ids": third.members[0].proposal_id, f"split{third.id}-name": "S"}),
        "move": ("post", f"{base}/themes/{first.id}/move", {
            f"move{first.id}-proposal_id": third.members[1].proposal_id}),
        "confirm group": ("post", f"{base}/duplicates/{group.id}/confirm", {}),
        "dismiss group": ("post", f"{base}/duplicates/{group.id}/dismiss", {}),
        "confirm flag": ("post", f"{base}/flags/{flag.id}/confirm", {}),
        "override flag": ("post", f"{base}/flags/{flag.id}/override", {
            f"flag{flag.id}-level": "municipal", f"flag{flag.id}-category": "public_space"}),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["page", "theme page", "rename", "merge", "split", "move", "confirm group",
                                    "dismiss group", "confirm flag", "override flag"])
def test_only_this_councils_moderators_curate(client, login, db, world, role, action):
    consultation, themes, group, flag, people = world
    if people[role] is not None:
        login(people[role])
    method, url, data = requests(consultation, themes, group, flag)[action]
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": csrf_token(client, "/"), **data})
    audited = db.session.scalar(select(func.count(AuditEntry.id))
                                .where(AuditEntry.council_id == consultation.council_id))
    if role in ALLOWED:
        assert response.status_code == (200 if method == "get" else 302), response.get_data(as_text=True)[:300]
        assert audited == (0 if method == "get" else 1)
    else:
        expected = 302 if role == "anonymous" else 403
        assert response.status_code == expected
        if role == "anonymous":
            assert "/account/login" in response.location
        assert audited == 0
        assert db.session.scalar(select(func.count(TriageCorrection.id))) == 0


def test_the_permission_function_itself(db, world):
    consultation, _, _, _, people = world
    assert {role for role, person in people.items() if can_curate(person, consultation)} == ALLOWED


def test_a_members_only_consultation_is_not_revealed_to_outsiders(client, login, db):
    from tests.factories import ConsultationFactory

    consultation = ConsultationFactory(visibility="members", phase="open")
    login(moderator(CouncilFactory()))
    assert client.get(f"/consultations/{consultation.id}/curation").status_code == 404
