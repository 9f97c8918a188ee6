"""The query budget: each main page runs the same number of SQL statements, at most 8, whether its
consultation holds 20 proposals or 200 (no statement per proposal, author, support or reply).

Every statement the engine sends is counted (SELECTs, UPDATEs, SAVEPOINTs alike): nothing is
excluded. Pages are fetched uncached (the anonymous page cache is off here; tests/consultations/
test_page_cache.py covers it)."""
import re
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select

from app.consultations.proposals import services as proposals
from app.extensions import db as _db
from app.notifications import services as notifications
from app.notifications.models import Kind, Notification
from app.organisations.models import OrganisationType
from tests.conftest import CSRF_RE as CSRF_TOKEN, post_form
from tests.factories import PASSWORD, ConsultationFactory, MembershipFactory, OrganisationFactory

BUDGET = 8
CATEGORIES = ["housing", "transport", "language"]
LANGUAGES = ["fr", "ar", "es", "en"]


@pytest.fixture(autouse=True)
def no_page_cache(app):
    """The budget is about the queries a page needs, so every request renders."""
    from app.extensions import cache

    previous = app.config.get("CACHE_PAGES", True)
    app.config["CACHE_PAGES"] = False
    with app.app_context():
        cache.clear()
    yield
    app.config["CACHE_PAGES"] = previous


@contextmanager
def counting():
    """Every statement the engine executes while the block runs."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(_db.engine, "before_cursor_execute", record)


def build(n: int):
    """A consultation of n proposals by n/2 different authors (half through an organisation), each
    supported twice and answered with a reply and a reply to it; the viewer wrote every other one."""
    consultation = ConsultationFactory(phase="open", categories=CATEGORIES)
    organisation = OrganisationFactory(council=consultation.council, type=OrganisationType.MIGRANT_ASSOCIATION)
    viewer = MembershipFactory(organisation=organisation).user
    supporters = [MembershipFactory(organisation=organisation).user for _ in range(2)]
    for i in range(n):
        author = viewer if i % 2 else MembershipFactory(organisation=organisation).user
        proposal = proposals.submit_proposal(
            author, consultation, title=f"Bus line {i} for the night shift", body=f"Night buses, proposal {i}",
            category=CATEGORIES[i % 3], language=LANGUAGES[i % 4], organisation=organisation if i % 3 else None,
            show_as_organisation=i % 5 == 0)
        for supporter in supporters:
            proposals.support(supporter, proposal)
        reply = proposals.add_feedback(supporters[0], proposal, f"Yes, bus {i} please", "supports")
        proposals.add_feedback(viewer, proposal, "And on Sundays", "neutral", parent=reply)
    _db.session.commit()
    return consultation, viewer, proposal


def pages(consultation, proposal, n: int) -> dict[str, str]:
    base = f"/consultations/{consultation.id}"
    return {
        "consultation list": "/consultations/",
        "consultation, newest": base,
        "consultation, most supported": f"{base}?sort=supported",
        "consultation, random": f"{base}?sort=random",
        "consultation, last page": f"{base}?page={n // 20}",
        "consultation, by category": f"{base}?category=housing&sort=supported",
        "consultation, by language": f"{base}?language=fr",
        "consultation, by organisation type": f"{base}?organisation_type=migrant_association",
        "proposal page": f"/consultations/proposals/{proposal.id}",
        "search": "/consultations/search?q=night+bus",
        "my activity": "/consultations/mine",
        "notifications": "/notifications/",
    }


SIGNED_IN_ONLY = {"my activity", "notifications"}


def measure(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        with counting() as statements:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(statements)
    return counts


@pytest.mark.parametrize("who", ["visitor", "participant"])
def test_each_page_runs_the_same_few_queries_for_20_and_200_proposals(app, who):
    counts = {}
    for n in (20, 200):
        consultation, viewer, proposal = build(n)
        client = app.test_client()
        if who == "participant":
            sign_in(client, viewer)
        urls = {k: v for k, v in pages(consultation, proposal, n).items()
                if who == "participant" or k not in SIGNED_IN_ONLY}
        counts[n] = measure(client, urls)
    assert counts[20] == counts[200], {"20 proposals": counts[20], "200 proposals": counts[200]}
    assert max(counts[200].values()) <= BUDGET, counts[200]


def sign_in(client, user) -> None:
    response = post_form(client, "/account/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_support_loads_the_person_once_and_writes_in_one_statement(app):
    """The support is one INSERT … ON CONFLICT; the language is settled before the commit, so turning
    the flash message into text after it does not load the signed-in person a second time."""
    _consultation, viewer, other = build(3)  # the last of three is someone else's
    assert other.author_id != viewer.id
    client = app.test_client()
    sign_in(client, viewer)
    found = CSRF_TOKEN.search(client.get(f"/consultations/proposals/{other.id}").get_data(as_text=True))
    token = found.group(1) or found.group(2)
    with counting() as statements:
        response = client.post(f"/consultations/proposals/{other.id}/support", data={"csrf_token": token})
    assert response.status_code == 302
    assert sum(bool(re.search(r"\bFROM users\b", s)) for s in statements) == 1, statements
    assert sum("INSERT INTO supports" in s for s in statements) == 1
    assert not any(s.startswith("SAVEPOINT") for s in statements), statements


def test_a_reply_loads_its_audience_in_one_query_each(app):
    """A reply notifies the proposal's author and its followers: the author comes with the proposal,
    the followers in one query, their notification choices in one more, whatever their number; nobody's
    council roles are loaded, and the new reply's search entry is added without deleting first."""
    _consultation, viewer, other = build(3)
    followers = [MembershipFactory().user for _ in range(3)]
    for person in followers:
        notifications.follow(person, proposal_id=other.id)
    _db.session.commit()
    client = app.test_client()
    sign_in(client, viewer)
    found = CSRF_TOKEN.search(client.get(f"/consultations/proposals/{other.id}").get_data(as_text=True))
    token = found.group(1) or found.group(2)
    before = _db.session.scalar(select(func.max(Notification.id))) or 0
    with counting() as statements:
        response = client.post(f"/consultations/proposals/{other.id}/feedback",
                               data={"csrf_token": token, "form_token": uuid.uuid4().hex, "stance": "supports",
                                     "body": "D'accord, et dans notre quartier aussi."})
    assert response.status_code == 302
    assert sum(bool(re.search(r"\bFROM users\b", s)) for s in statements) == 1, statements  # the signed-in person
    assert not any(s.startswith("SELECT council_roles") for s in statements), statements  # no one's roles reloaded
    assert sum("FROM notification_preferences" in s for s in statements) == 1, statements
    assert sum("INSERT INTO notifications" in s for s in statements) >= 1
    assert not any(s.startswith("DELETE FROM search_index") for s in statements), statements
    told = {n.user_id for n in _db.session.scalars(select(Notification).where(
        Notification.id > before, Notification.kind == Kind.FEEDBACK_ON_MY_PROPOSAL))}
    assert told == {other.author_id, *(p.id for p in followers)}
