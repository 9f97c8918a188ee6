"""Each role against each action of the answering desk, on this council and on another; bad ids and
values are 4xx, never 500."""
import pytest

from app.extensions import db as _db
from app.responses import services
from app.responses.models import VersionStatus
from tests.conftest import csrf_token

from .conftest import answer

ROLES = ["anonymous", "participant", "commissioner_other", "moderator_other", "moderator", "drafter", "reviewer"]


def act(client, world, action):
    """Perform one action as whoever the client is signed in as; returns the HTTP response."""
    c, theme = world.consultation, world.theme
    in_review = world.in_review
    commitment = world.commitment
    token = csrf_token(client, "/")
    post = lambda url, **data: client.post(url, data={"csrf_token": token, **data})  # noqa: E731
    return {
        "see the desk": lambda: client.get(f"/consultations/{c.id}/responses"),
        "open the draft form": lambda: client.get(f"/consultations/{c.id}/responses/new?proposal={world.single.id}"),
        "draft": lambda: post(f"/consultations/{c.id}/responses/new?proposal={world.single.id}",
                              decision="accepted", reason="Yes", language="en", form_token="t"),
        "see a draft": lambda: client.get(f"/responses/{in_review.id}"),
        "edit": lambda: post(f"/responses/{in_review.id}/edit", decision="accepted", reason="Changed",
                             language="en"),
        "send for review": lambda: post(f"/responses/{world.draft.id}/submit"),
        "publish": lambda: post(f"/responses/{in_review.id}/publish"),
        "send back": lambda: post(f"/responses/{in_review.id}/return"),
        "add a commitment": lambda: post(f"/responses/{world.published.id}/commitments", what="More",
                                         department="Works", due_date="2031-01-01"),
        "update a commitment": lambda: post(f"/commitments/{commitment.id}/update", status="in_progress",
                                            body="Started", form_token="u"),
    }[action]()


ALLOWED = {
    "see the desk": {"moderator", "drafter", "reviewer"},
    "open the draft form": {"drafter", "reviewer"},
    "draft": {"drafter", "reviewer"},
    "see a draft": {"moderator", "drafter", "reviewer"},
    "edit": {"drafter", "reviewer"},
    "send for review": {"drafter", "reviewer"},
    "publish": {"moderator", "reviewer"},  # never the drafter
    "send back": {"moderator", "reviewer"},
    "add a commitment": {"drafter", "reviewer"},
    "update a commitment": {"drafter", "reviewer"},
}


@pytest.fixture
def desk(world):
    """An answer in review (drafted by `drafter`), a draft, and a published answer with a commitment."""
    world["in_review"] = answer(world, theme=world.theme, publish=False)
    services.submit_for_review(world.in_review, world.drafter)
    world["draft"] = answer(world, proposal=world.in_theme[0], publish=False)
    world["published"] = answer(world, proposal=world.in_theme[1], commitment={})
    world["commitment"] = world.published.commitments[0]
    _db.session.commit()
    return world


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_only_what_it_must(client, login, desk, role, action):
    if role != "anonymous":
        login(desk[role])
    response = act(client, desk, action)
    if role in ALLOWED[action]:
        assert response.status_code in (200, 302), (role, action, response.status_code)
        if response.status_code == 302:
            assert "/account/login" not in response.headers["Location"]
    elif role == "anonymous":
        assert response.status_code in (302, 404) and (response.status_code == 404 or
                                                       "/account/login" in response.headers["Location"])
    else:
        assert response.status_code in (403, 404), (role, action, response.status_code)


def test_a_refused_publication_changes_nothing(client, login, desk):
    login(desk.drafter)
    assert act(client, desk, "publish").status_code == 403
    _db.session.expire_all()
    assert services.open_version(desk.in_review).status == VersionStatus.IN_REVIEW


def test_the_desk_and_page_offer_only_allowed_buttons(client, login, desk):
    login(desk.drafter)
    html = client.get(f"/responses/{desk.in_review.id}").get_data(as_text=True)
    assert "Approve and publish" not in html and "Waiting for a second commissioner" in html
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/")})
    login(desk.reviewer)
    assert "Approve and publish" in client.get(f"/responses/{desk.in_review.id}").get_data(as_text=True)


BAD_GETS = [
    "/responses/999999", "/responses/abc", "/responses/0", "/commitments/99999/update",
    "/consultations/999999/you-said-we-did", "/councils/999999/accountability",
    "/councils/{council}/accountability?status=finished", "/councils/{council}/accountability?consultation=x",
    "/councils/{council}/accountability?overdue=yes",
    "/consultations/{consultation}/responses/new", "/consultations/{consultation}/responses/new?theme=x",
    "/consultations/{consultation}/responses/new?theme={theme}&proposal={proposal}",
    "/consultations/{consultation}/responses/new?theme=999999",
    "/consultations/{consultation}/responses/new?proposal=99999999999",
]


@pytest.mark.parametrize("url", BAD_GETS)
def test_bad_ids_and_values_are_4xx(client, login, desk, url):
    login(desk.drafter)
    url = url.format(council=desk.council.id, consultation=desk.consultation.id, theme=desk.theme.id,
                     proposal=desk.single.id)
    status = client.get(url).status_code
    assert 400 <= status < 500, (url, status)


def test_a_theme_of_another_consultation_is_404(client, login, desk):
    from tests.factories import ConsultationFactory

    elsewhere = ConsultationFactory(council=desk.council, phase="follow_up")
    login(desk.drafter)
    assert client.get(f"/consultations/{elsewhere.id}/responses/new?theme={desk.theme.id}").status_code == 404


@pytest.mark.parametrize("data, field", [
    ({"decision": "maybe", "reason": "x", "language": "en"}, "decision"),
    ({"decision": "accepted", "reason": "", "language": "en"}, "reason"),
    ({"decision": "accepted", "reason": "x", "language": "xx"}, "language"),
    ({"decision": "outside_mandate", "reason": "x", "language": "en"}, "referral_authority"),
])
def test_a_rejected_answer_form_is_422_and_keeps_what_was_typed(client, login, desk, data, field):
    login(desk.drafter)
    url = f"/consultations/{desk.consultation.id}/responses/new?proposal={desk.single.id}"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "reason": "", **data,
                                      "translation_fr": "Gardé tel quel"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html or "alert-danger" in html
    assert "Gardé tel quel" in html


def test_a_correction_without_its_reason_is_422(client, login, desk):
    login(desk.drafter)
    url = f"/responses/{desk.published.id}/edit"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "decision": "accepted",
                                      "reason": "Changed", "language": "en"})
    assert response.status_code == 422 and 'id="correction_reason-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("data", [{"what": "", "department": "W", "due_date": "2031-01-01"},
                                  {"what": "X", "department": "W", "due_date": "tomorrow"},
                                  {"what": "X", "department": "W", "due_date": "2031-02-30"},
                                  {"what": "X", "department": "", "due_date": "2031-01-01"}])
def test_a_bad_commitment_is_422(client, login, desk, data):
    login(desk.drafter)
    url = f"/responses/{desk.published.id}/commitments"
    response = client.post(url, data={"csrf_token": csrf_token(client, f"/responses/{desk.published.id}"), **data})
    assert response.status_code == 422


@pytest.mark.parametrize("data", [{"status": "finished", "body": "x"}, {"status": "dropped", "body": ""}])
def test_a_bad_commitment_update_is_422(client, login, desk, data):
    login(desk.drafter)
    url = f"/commitments/{desk.commitment.id}/update"
    response = client.post(url, data={"csrf_token": csrf_token(client, f"/responses/{desk.published.id}"), **data})
    assert response.status_code == 422
    _db.session.expire_all()
    assert desk.commitment.status.value == "planned" and desk.commitment.updates == []


def test_an_answer_to_a_hidden_proposal_is_not_public(client, desk):
    from app.moderation import reports

    reports.hide(desk.moderator, desk.in_theme[1], "Spam")
    _db.session.commit()
    assert client.get(f"/responses/{desk.published.id}").status_code == 404
    assert "Run night buses" not in client.get(f"/councils/{desk.council.id}/accountability").get_data(as_text=True)


def test_publishing_twice_publishes_once_and_tells_people_once(client, login, desk):
    from sqlalchemy import func, select

    from app.notifications.models import Notification

    login(desk.reviewer)
    url = f"/responses/{desk.in_review.id}/publish"
    token = csrf_token(client, f"/responses/{desk.in_review.id}")
    first = client.post(url, data={"csrf_token": token})
    second = client.post(url, data={"csrf_token": token})
    assert (first.status_code, second.status_code) == (302, 302)
    _db.session.expire_all()
    assert [v.status for v in desk.in_review.versions] == [VersionStatus.PUBLISHED]
    told = _db.session.scalar(select(func.count(Notification.id)).where(Notification.user_id == desk.author.id,
                                                                       Notification.subject_id == desk.in_review.id))
    assert told == 1


@pytest.mark.parametrize("role", ROLES)
def test_a_members_only_consultation_is_answered_by_its_commissioners(client, login, desk, role):
    """Commissioners answer every consultation of their council, members-only ones included (they got
    404 there, found by a security probe); nobody else gains anything."""
    from app.consultations.models import Visibility

    desk.consultation.visibility = Visibility.MEMBERS
    _db.session.commit()
    if role != "anonymous":
        login(desk[role])
    for action in ("see the desk", "open the draft form", "draft"):
        response = act(client, desk, action)
        if role in ALLOWED[action]:
            assert response.status_code in (200, 302), (role, action, response.status_code)
        else:
            assert response.status_code in (302, 403, 404), (role, action, response.status_code)
            if response.status_code == 302:
                assert "/account/login" in response.headers["Location"]
