"""Who may read the briefing, over role × phase: the council's commissioners and moderators always;
everyone who may see the consultation once the response phase opens; the same roles on another council
only then. Every route of the briefing (page, PDF, CSV, JSON, referral) checks the same way."""
import pytest

from app.consultations.models import Visibility
from app.insights.briefing_permissions import can_view_briefing
from tests.factories import (CouncilFactory, MembershipFactory, OrganisationFactory, admin, commissioner,
                             council_member, moderator)
from tests.insights.test_briefing import world

ROLES = ["anonymous", "participant", "commissioner", "moderator", "other_commissioner", "other_moderator", "admin"]
ALWAYS = {"commissioner", "moderator", "admin"}


def person(role, council):
    other = CouncilFactory()
    return {
        "anonymous": lambda: None,
        "participant": lambda: MembershipFactory(organisation=OrganisationFactory(council=council)).user,
        "commissioner": lambda: commissioner(council),
        "moderator": lambda: moderator(council),
        "other_commissioner": lambda: commissioner(other),
        "other_moderator": lambda: moderator(other),
        "admin": admin,
    }[role]()


@pytest.mark.parametrize("phase", ["open", "analysis", "response", "follow_up", "closed"])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_read_the_briefing_in_each_phase(client, login, role, phase):
    w = world(phase=phase)
    user = person(role, w.council)
    if user is not None:
        login(user)
    public = phase in ("response", "follow_up", "closed")
    expected = 200 if role in ALWAYS or public else 403
    response = client.get(f"/consultations/{w.consultation.id}/briefing")
    assert response.status_code == expected
    if expected == 403:
        assert "public once the city" in response.get_data(as_text=True)  # the reason is said


@pytest.mark.parametrize("suffix", [".pdf", ".csv", ".json", "/referrals/1.txt"])
@pytest.mark.parametrize("role, expected", [("anonymous", 403), ("other_commissioner", 403), ("participant", 403),
                                            ("commissioner", 200), ("moderator", 200)])
def test_every_download_checks_like_the_page(client, login, suffix, role, expected):
    w = world(phase="analysis")
    user = person(role, w.council)
    if user is not None:
        login(user)
    assert client.get(f"/consultations/{w.consultation.id}/briefing{suffix}").status_code == expected


def test_a_members_only_consultation_is_not_found_for_outsiders_even_in_the_response_phase(client, login):
    w = world(phase="response", visibility=Visibility.MEMBERS)
    assert client.get(f"/consultations/{w.consultation.id}/briefing").status_code == 404
    login(commissioner(CouncilFactory()))
    assert client.get(f"/consultations/{w.consultation.id}/briefing.json").status_code == 404
    login(council_member(w.council))
    assert client.get(f"/consultations/{w.consultation.id}/briefing").status_code == 200


def test_drafts_are_only_the_councils(client, login):
    w = world(phase="draft")
    assert client.get(f"/consultations/{w.consultation.id}/briefing").status_code == 404
    login(commissioner(w.council))
    assert client.get(f"/consultations/{w.consultation.id}/briefing").status_code == 200


def test_unknown_consultation_and_referral_are_404(client, login):
    w = world(phase="response")
    assert client.get("/consultations/999999/briefing").status_code == 404
    assert client.get(f"/consultations/{w.consultation.id}/briefing/referrals/99.txt").status_code == 404
    assert client.get(f"/consultations/{w.consultation.id}/briefing/referrals/x.txt").status_code == 404


def test_the_permission_function_answers_as_the_routes(app):
    w = world(phase="analysis")
    assert can_view_briefing(commissioner(w.council), w.consultation)
    assert not can_view_briefing(commissioner(CouncilFactory()), w.consultation)
    assert not can_view_briefing(None, w.consultation)
