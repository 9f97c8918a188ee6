"""Reports, auto-hide, hide and restore, blocks; and a hidden item never appears in any channel
(one test per existing channel: listing, proposal page, search, notifications, my activity, voting)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import search
from app.audit.models import AuditEntry
from app.clock import utcnow
from app.consultations.deliberation import services as deliberation
from app.consultations.proposals import services as proposals
from app.extensions import db as _db
from app.moderation import reports
from app.moderation.models import Block, Report
from app.moderation.visibility import visible
from app.consultations.proposals.models import Proposal
from app.notifications import services as notifications
from tests.conftest import post_form
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory, moderator


@pytest.fixture
def world():
    def build(phase="open"):
        consultation = ConsultationFactory(phase=phase)
        organisation = OrganisationFactory(council=consultation.council)
        author = MembershipFactory(organisation=organisation).user
        reader = MembershipFactory(organisation=organisation).user
        proposal = proposals.submit_proposal(author, consultation, title="Zanzibar buses", body="Buses to Zanzibar street")
        statement = deliberation.add_statement(None, consultation, "Quokka statement", seeded=True)
        secretariat = moderator(consultation.council)
        _db.session.commit()
        return {"consultation": consultation, "author": author, "reader": reader, "proposal": proposal,
                "statement": statement, "moderator": secretariat, "organisation": organisation}
    return build


def hide(item, who, reason="Insults a neighbour"):
    reports.hide(who, item, reason)
    _db.session.commit()


# Channels ---------------------------------------------------------------------------------------

def test_hidden_proposal_leaves_the_consultation_listing(client, login, world):
    w = world()
    login(w["reader"])
    assert "Zanzibar buses" in client.get(f"/consultations/{w['consultation'].id}").get_data(as_text=True)
    hide(w["proposal"], w["moderator"])
    assert "Zanzibar buses" not in client.get(f"/consultations/{w['consultation'].id}").get_data(as_text=True)


def test_hidden_proposal_page_is_404_to_others_and_says_why_to_its_author(client, login, world):
    w = world()
    hide(w["proposal"], w["moderator"])
    assert client.get(f"/consultations/proposals/{w['proposal'].id}").status_code == 404
    login(w["reader"])
    assert client.get(f"/consultations/proposals/{w['proposal'].id}").status_code == 404
    login(w["author"])
    page = client.get(f"/consultations/proposals/{w['proposal'].id}")
    assert page.status_code == 200 and "Insults a neighbour" in page.get_data(as_text=True)
    login(w["moderator"])
    assert client.get(f"/consultations/proposals/{w['proposal'].id}").status_code == 200


def test_hidden_feedback_leaves_the_proposal_page(client, login, world):
    w = world()
    reply = proposals.add_feedback(w["reader"], w["proposal"], "Okapi reply text")
    _db.session.commit()
    login(w["author"])
    assert "Okapi reply text" in client.get(f"/consultations/proposals/{w['proposal'].id}").get_data(as_text=True)
    hide(reply, w["moderator"])
    assert "Okapi reply text" not in client.get(f"/consultations/proposals/{w['proposal'].id}").get_data(as_text=True)


def test_hidden_content_leaves_search(client, world):
    w = world()
    reply = proposals.add_feedback(w["reader"], w["proposal"], "Okapi reply text")
    _db.session.commit()
    assert "Zanzibar buses" in client.get("/consultations/search?q=Zanzibar").get_data(as_text=True)
    assert "Okapi reply text" in client.get("/consultations/search?q=Okapi").get_data(as_text=True)
    hide(reply, w["moderator"])
    assert "Okapi reply text" not in client.get("/consultations/search?q=Okapi").get_data(as_text=True)
    hide(w["proposal"], w["moderator"])
    assert "Zanzibar buses" not in client.get("/consultations/search?q=Zanzibar").get_data(as_text=True)
    assert search.search("Zanzibar", "en")  # still indexed: the filter is visible(), not deletion


def test_notifications_about_hidden_content_disappear(client, login, world):
    w = world()
    proposals.add_feedback(w["reader"], w["proposal"], "Okapi reply text")
    reply = _db.session.scalar(select(reports.Feedback))
    _db.session.commit()
    assert notifications.unread_count(w["author"]) == 1
    hide(reply, w["moderator"])
    assert notifications.unread_count(w["author"]) == 0 and notifications.recent(w["author"]) == []
    login(w["author"])
    assert "Zanzibar" not in client.get("/notifications/").get_data(as_text=True)
    reports.restore(w["moderator"], reply, "Reviewed: fine")
    _db.session.commit()
    assert len(notifications.recent(w["author"])) == 1  # back with the content


def test_my_activity_shows_the_author_the_hidden_item_and_why(client, login, world):
    w = world()
    hide(w["proposal"], w["moderator"], "Contains a phone number")
    login(w["author"])
    html = client.get("/consultations/mine").get_data(as_text=True)
    assert "Zanzibar buses" in html and "hidden by the moderators" in html and "Contains a phone number" in html
    login(w["reader"])
    assert "Zanzibar buses" not in client.get("/consultations/mine").get_data(as_text=True)


def test_hidden_statement_is_not_offered_for_voting_nor_accepted(client, login, world):
    w = world("deliberation")
    login(w["reader"])
    assert "Quokka statement" in client.get(f"/consultations/{w['consultation'].id}/vote").get_data(as_text=True)
    hide(w["statement"], w["moderator"])
    assert "Quokka statement" not in client.get(f"/consultations/{w['consultation'].id}/vote").get_data(as_text=True)
    refused = post_form(client, f"/consultations/{w['consultation'].id}/vote",
                        {"statement_id": str(w["statement"].id), "choice": "agree"})
    assert refused.status_code in (403, 409)


def test_visible_is_the_one_query_and_keeps_the_authors_own(world):
    w = world()
    hide(w["proposal"], w["moderator"])
    assert _db.session.scalars(visible(select(Proposal))).all() == []
    assert _db.session.scalars(visible(select(Proposal), author=w["author"])).all() == [w["proposal"]]


# Reports and decisions -------------------------------------------------------------------------

def test_reports_hide_automatically_after_the_configured_number(client, login, world, app):
    w = world()
    threshold = app.config["MODERATION_AUTO_HIDE_REPORTS"]
    reporters = [MembershipFactory(organisation=w["organisation"]).user for _ in range(threshold)]
    for number, person in enumerate(reporters, start=1):
        login(person)
        response = post_form(client, f"/moderation/report/proposal/{w['proposal'].id}", {"reason": "spam"},
                             form_url=f"/consultations/proposals/{w['proposal'].id}")
        assert response.status_code == 302
        _db.session.expire_all()
        assert (w["proposal"].hidden_at is not None) == (number == threshold)
    assert w["proposal"].hidden_automatically and "automatically" in w["proposal"].hidden_reason
    assert _db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "content.auto_hidden"))


def test_auto_hide_threshold_comes_from_configuration(world, app, monkeypatch):
    w = world()
    monkeypatch.setitem(app.config, "MODERATION_AUTO_HIDE_REPORTS", 1)
    reports.report(w["reader"], w["proposal"], "offensive")
    assert w["proposal"].hidden_at is not None


def test_one_report_per_person_and_none_on_ones_own(client, login, world):
    w = world()
    login(w["reader"])
    url, page = f"/moderation/report/proposal/{w['proposal'].id}", f"/consultations/proposals/{w['proposal'].id}"
    assert post_form(client, url, {"reason": "spam"}, form_url=page).status_code == 302
    assert post_form(client, url, {"reason": "spam"}, form_url=page).status_code == 409
    login(w["author"])
    assert post_form(client, url, {"reason": "spam"}, form_url=page).status_code == 403
    assert len(_db.session.scalars(select(Report)).all()) == 1


def test_bad_reason_is_refused(client, login, world):
    w = world()
    login(w["reader"])
    response = post_form(client, f"/moderation/report/proposal/{w['proposal'].id}", {"reason": "boring"},
                         form_url=f"/consultations/proposals/{w['proposal'].id}")
    assert response.status_code == 422


def test_moderator_hides_from_the_queue_and_the_author_is_told_why(client, login, world):
    w = world()
    reports.report(w["reader"], w["proposal"], "personal_data", "Phone number in the text")
    _db.session.commit()
    login(w["moderator"])
    queue = client.get(f"/moderation/councils/{w['consultation'].council_id}/reports").get_data(as_text=True)
    assert "Zanzibar buses" in queue and "Phone number in the text" in queue
    url = f"/moderation/content/proposal/{w['proposal'].id}/hide"
    form_url = f"/moderation/councils/{w['consultation'].council_id}/reports"
    assert post_form(client, url, {"reason": ""}, form_url=form_url).status_code == 422
    assert post_form(client, url, {"reason": "Personal data of a third person"}, form_url=form_url).status_code == 302
    _db.session.expire_all()
    assert w["proposal"].hidden_reason == "Personal data of a third person" and w["proposal"].report_count == 0
    texts = [notifications.text_of(n) for n in notifications.recent(w["author"])]
    assert any("Personal data of a third person" in t for t in texts)
    queue = client.get(form_url).get_data(as_text=True)
    assert "No report is waiting" in queue  # decided: out of the queue, into the hidden list


def test_queue_is_sorted_by_reports(world):
    w = world()
    reply = proposals.add_feedback(w["author"], w["proposal"], "Okapi reply text")
    extra = MembershipFactory(organisation=w["organisation"]).user
    reports.report(w["reader"], w["proposal"], "spam")
    reports.report(w["reader"], reply, "spam")
    reports.report(extra, reply, "offensive")
    rows = reports.queue({w["consultation"].council_id})
    assert [(r["kind"], r["count"]) for r in rows] == [("feedback", 2), ("proposal", 1)]


def test_restore_shows_again_and_tells_the_author(world):
    w = world()
    hide(w["proposal"], w["moderator"])
    reports.restore(w["moderator"], w["proposal"], "Reviewed again")
    _db.session.commit()
    assert w["proposal"].hidden_at is None
    actions = set(_db.session.scalars(select(AuditEntry.action)))
    assert {"content.hidden", "content.restored"} <= actions


# Blocks ----------------------------------------------------------------------------------------

def test_blocked_user_cannot_post_and_is_told_why(client, login, world):
    w = world()
    council = w["consultation"].council
    login(w["moderator"])
    response = post_form(client, f"/moderation/councils/{council.id}/blocks/{w['reader'].id}",
                         {"until": (utcnow() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
                          "reason": "Repeated insults"}, form_url=f"/moderation/councils/{council.id}/reports")
    assert response.status_code == 302
    login(w["reader"])
    refused = post_form(client, f"/consultations/{w['consultation'].id}/proposals/new",
                        {"title": "T", "body": "B", "organisation": "0"}, form_url="/")
    assert refused.status_code == 403 and "Repeated insults" in refused.get_data(as_text=True)
    refused = post_form(client, f"/consultations/proposals/{w['proposal'].id}/feedback",
                        {"body": "Hello", "stance": "neutral"}, form_url="/")
    assert refused.status_code == 403 and "blocked" in refused.get_data(as_text=True)
    page = client.get(f"/consultations/{w['consultation'].id}").get_data(as_text=True)
    assert "Submit a proposal" not in page  # the UI does not offer what the server refuses
    assert "Repeated insults" in page  # and says why
    assert post_form(client, f"/consultations/proposals/{w['proposal'].id}/support", {}, form_url="/") \
        .status_code == 302  # reading and supporting stay open


def test_a_block_without_a_reason_is_refused_with_the_reason_why(client, login, world):
    """The form's errors are lazy strings: joined as they were, they made a 500 (security probe)."""
    w = world()
    council = w["consultation"].council
    login(w["moderator"])
    response = post_form(client, f"/moderation/councils/{council.id}/blocks/{w['reader'].id}",
                         {"until": (utcnow() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"), "reason": ""},
                         form_url=f"/moderation/councils/{council.id}/reports", follow_redirects=True)
    assert response.status_code == 200 and "Say why." in response.get_data(as_text=True)
    assert _db.session.scalar(select(Block)) is None


def test_blocked_user_cannot_add_statements_and_lifting_restores(client, login, world):
    w = world("deliberation")
    block = reports.block(w["moderator"], w["consultation"].council, w["reader"], utcnow() + timedelta(days=1),
                          "Spam")
    _db.session.commit()
    login(w["reader"])
    url = f"/consultations/{w['consultation'].id}/statements"
    assert post_form(client, url, {"text": "A new idea"}, form_url="/").status_code == 403
    reports.lift(w["moderator"], block)
    _db.session.commit()
    assert post_form(client, url, {"text": "A new idea"}, form_url=f"/consultations/{w['consultation'].id}/vote") \
        .status_code == 302


def test_block_on_one_council_leaves_another_open(world):
    w, other = world(), world()
    reports.block(w["moderator"], w["consultation"].council, w["reader"], utcnow() + timedelta(days=1), "Spam")
    from app.consultations.proposals.permissions import can_submit_proposal

    MembershipFactory(user=w["reader"], organisation=other["organisation"])
    _db.session.commit()
    assert not can_submit_proposal(w["reader"], w["consultation"])
    assert can_submit_proposal(w["reader"], other["consultation"])


def test_block_needs_a_future_date_and_a_reason(world):
    w = world()
    with pytest.raises(reports.ReportError):
        reports.block(w["moderator"], w["consultation"].council, w["reader"], utcnow() - timedelta(days=1), "x")
    with pytest.raises(reports.ReportError):
        reports.block(w["moderator"], w["consultation"].council, w["reader"], utcnow() + timedelta(days=1), " ")


def test_hidden_list_keeps_to_the_council(world):
    w, other = world(), world()
    hide(w["proposal"], w["moderator"])
    hide(other["statement"], other["moderator"])
    assert [r["item"] for r in reports.hidden_items({w["consultation"].council_id})] == [w["proposal"]]
    assert len(reports.hidden_items(None)) == 2
