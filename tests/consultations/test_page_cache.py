"""The anonymous page cache: served from the cache, invalidated by every change the page shows,
never used for (nor filled by) signed-in people, and harmless when its store is down."""
import pytest

from app.consultations import services
from app.consultations.models import Visibility
from app.consultations.labels import PHASE_EXPLANATIONS
from app.consultations.phases import Phase
from app.consultations.proposals import services as proposals
from app.extensions import cache
from app.extensions import db as _db
from tests.conftest import CSRF_RE, post_form
from tests.consultations.test_query_budget import counting
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory, moderator


@pytest.fixture
def world():
    consultation = ConsultationFactory(phase="open")
    organisation = OrganisationFactory(council=consultation.council)
    author = MembershipFactory(organisation=organisation, user__display_name="Amina Author").user
    proposal = proposals.submit_proposal(author, consultation, title="Night buses", body="More buses at night")
    _db.session.commit()
    return consultation, organisation, author, proposal


def fetch(client, url: str) -> tuple[str, int]:
    """The page's text and the number of SQL statements it took."""
    with counting() as statements:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True), len(statements)


def test_anonymous_page_is_served_from_the_cache(app, world):
    consultation = world[0]
    url = f"/consultations/{consultation.id}?sort=supported"
    first, rendered = fetch(app.test_client(), url)
    second, cached = fetch(app.test_client(), url)
    assert "Night buses" in second and cached < rendered
    assert cached == 1  # the consultation itself: visibility and the key's revision


def test_each_visitor_gets_their_own_csrf_token_from_a_cached_page(app, world):
    url = f"/consultations/{world[0].id}"
    one, other = app.test_client(), app.test_client()
    tokens = [CSRF_RE.search(client.get(url).get_data(as_text=True)) for client in (one, other)]
    assert tokens[0].group(0) != tokens[1].group(0)
    assert "__majlis_csrf_token__" not in other.get(url).get_data(as_text=True)
    switched = post_form(other, "/language/fr", {"next": url}, form_url=url)  # the token works
    assert switched.status_code == 302 and "Propositions" in other.get(url).get_data(as_text=True)


CHANGES = {
    "an edit": lambda c, author, p: proposals.edit_proposal(p, title="Sunday libraries", body="Line 12"),
    "a withdrawal": lambda c, author, p: proposals.withdraw_proposal(p),
    "a phase override": lambda c, author, p: services.set_phase(c, Phase.DELIBERATION, moderator(c.council)),
    "an edited title": lambda c, author, p: services.update_consultation(
        c, {w.phase: w.starts_at for w in c.phases}, title="Sunday libraries consultation"),
}
SHOWS = {"an edit": "Sunday libraries", "a withdrawal": "withdrawn",
         "a phase override": lambda: str(PHASE_EXPLANATIONS[Phase.DELIBERATION]),
         "an edited title": "Sunday libraries"}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_the_page_shows_reaches_anonymous_visitors_at_once(app, world, change):
    consultation, _, author, proposal = world
    url = f"/consultations/{consultation.id}"
    fetch(app.test_client(), url)
    CHANGES[change](consultation, author, proposal)
    _db.session.commit()
    page, _ = fetch(app.test_client(), url)
    shown = SHOWS[change]() if callable(SHOWS[change]) else SHOWS[change]
    assert shown in page


def test_a_new_proposal_reaches_anonymous_visitors_when_the_page_expires(app, world):
    consultation, _, author, _ = world
    url = f"/consultations/{consultation.id}"
    fetch(app.test_client(), url)
    proposals.submit_proposal(author, consultation, title="Sunday libraries", body="Open on Sunday")
    _db.session.commit()
    assert "Sunday libraries" not in fetch(app.test_client(), url)[0]  # an addition waits for the timeout
    cache.clear()  # what the timeout does
    assert "Sunday libraries" in fetch(app.test_client(), url)[0]


def test_a_consultation_made_members_only_is_not_served_from_the_cache(app, world):
    consultation = world[0]
    url = f"/consultations/{consultation.id}"
    fetch(app.test_client(), url)
    consultation.visibility = Visibility.MEMBERS
    _db.session.commit()
    assert app.test_client().get(url).status_code == 404


def test_signed_in_pages_are_neither_cached_nor_served_from_the_cache(app, world, login, client):
    consultation, organisation, author, _ = world
    url = f"/consultations/{consultation.id}"
    fetch(app.test_client(), url)  # an anonymous page is in the cache
    login(author)
    mine, statements = fetch(client, url)
    assert "Follow this consultation" in mine and "Amina Author" in mine and statements > 1
    anonymous, _ = fetch(app.test_client(), url)
    assert "Follow this consultation" not in anonymous and "Amina Author</a>" not in anonymous
    other = app.test_client()
    post_form(other, "/account/login", {"email": MembershipFactory(organisation=organisation).user.email,
                                        "password": "correct horse battery"})
    theirs, _ = fetch(other, url)
    assert "Amina Author</a>" not in theirs and "Follow this consultation" in theirs


def test_a_waiting_message_is_shown_to_its_visitor_only(app, world):
    consultation = world[0]
    url = f"/consultations/{consultation.id}"
    visitor = app.test_client()
    with visitor.session_transaction() as session:
        session["_flashes"] = [("info", "Only for this visitor")]
    assert "Only for this visitor" in fetch(visitor, url)[0]
    assert "Only for this visitor" not in fetch(app.test_client(), url)[0]


def test_search_results_are_cached_and_follow_visibility_and_edits(app, world):
    consultation, _, _, proposal = world
    url = "/consultations/search?q=buses"
    first, rendered = fetch(app.test_client(), url)
    second, cached = fetch(app.test_client(), url)
    assert "Night buses" in second and cached < rendered
    proposals.edit_proposal(proposal, title="Night buses on line 12", body="More buses at night")
    _db.session.commit()
    assert "Night buses on line 12" in fetch(app.test_client(), url)[0]
    consultation.visibility = Visibility.MEMBERS
    _db.session.commit()
    assert "Night buses" not in fetch(app.test_client(), url)[0]


def test_unknown_query_arguments_are_rendered_not_cached(app, world):
    url = f"/consultations/{world[0].id}?utm=x"
    fetch(app.test_client(), url)
    assert fetch(app.test_client(), url)[1] > 1


def test_pages_are_served_when_the_cache_store_is_down(make_app):
    down = make_app(CACHE_TYPE="RedisCache", CACHE_REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens there
    with down.app_context():
        consultation = ConsultationFactory(phase="open", title="Welcome desks")
        pages = [down.test_client().get(f"/consultations/{consultation.id}") for _ in range(2)]
        _db.session.remove()
    assert [p.status_code for p in pages] == [200, 200] and "Welcome desks" in pages[1].get_data(as_text=True)


def test_the_anonymous_proposal_page_is_cached_and_follows_edits(app, world, login, client):
    consultation, _, author, proposal = world
    url = f"/consultations/proposals/{proposal.id}"
    _, rendered = fetch(app.test_client(), url)
    page, cached = fetch(app.test_client(), url)
    assert "More buses at night" in page and cached == 1 < rendered
    proposals.edit_proposal(proposal, title="Night buses", body="Buses every 20 minutes at night")
    _db.session.commit()
    assert "Buses every 20 minutes" in fetch(app.test_client(), url)[0]
    login(author)
    assert "Withdraw" in fetch(client, url)[0]  # the author's own page, never the shared one
    assert app.test_client().get("/consultations/proposals/999999").status_code == 404


def test_a_hidden_proposal_leaves_the_cached_pages_at_once(app, world):
    """Moderation and the page cache meet: a hidden proposal never lingers on a shared page."""
    from app.moderation import reports

    consultation, _, _, proposal = world
    pages = [f"/consultations/{consultation.id}", "/consultations/search?q=night"]
    for url in pages:
        assert "Night buses" in fetch(app.test_client(), url)[0]
    reports.hide(moderator(consultation.council), proposal, "Personal data of a third person")
    _db.session.commit()
    for url in pages:
        assert "Night buses" not in fetch(app.test_client(), url)[0], url
    assert app.test_client().get(f"/consultations/proposals/{proposal.id}").status_code == 404


def test_participation_counts_are_shared_until_the_revision_changes(app, world):
    """Counted once per revision for every reader; withdrawing a proposal is a new revision, counted at once."""
    from app.consultations import stats

    consultation, organisation, author, proposal = world
    second = proposals.submit_proposal(author, consultation, title="Benches", body="More benches")
    _db.session.commit()
    assert stats.participation([consultation])[consultation.id].proposals == 2
    with counting() as statements:
        assert stats.participation([consultation])[consultation.id].proposals == 2
    assert statements == []  # the second reader's count came from the cache
    before = consultation.revision
    proposals.withdraw_proposal(second)
    _db.session.commit()
    _db.session.refresh(consultation)
    assert consultation.revision > before
    assert stats.participation([consultation])[consultation.id].proposals == 1


def test_participation_counts_without_their_cache(app, world, monkeypatch):
    from app.consultations import stats

    def down(*_args, **_kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set_many", down)
    consultation = world[0]
    assert stats.participation([consultation])[consultation.id].proposals == 1


def test_a_hidden_statement_is_a_new_revision_and_a_new_one_is_an_addition(app, world):
    """Statements are shown on the consultation page (with the opinion map): hiding one must reach
    anonymous visitors at once, like a hidden proposal (security probe: it lingered 10 s); a new one
    is an addition, shown when the page expires, like a new proposal."""
    from app.consultations.deliberation import services as deliberation
    from app.moderation import reports

    consultation, _, author, _ = world
    services.set_phase(consultation, Phase.DELIBERATION, moderator(consultation.council))
    _db.session.commit()
    before = consultation.revision
    statement = deliberation.add_statement(author, consultation, "Buses should run all night")
    _db.session.commit()
    assert consultation.revision == before
    reports.hide(moderator(consultation.council), statement, "Spam")
    _db.session.commit()
    _db.session.refresh(consultation)
    assert consultation.revision > before
