"""Consultation pages over real HTTP: what each role may do in each phase, and what the UI offers."""
import io
import re

import pytest
from sqlalchemy import func, select

from app.consultations.proposals import services as proposals
from app.consultations.deliberation import services as deliberation
from app.consultations import services
from app.consultations.proposals.models import Attachment, Feedback, Proposal, Support
from app.consultations.deliberation.models import Vote
from app.extensions import db as _db
from app.mail.models import OutboxMessage
from app.notifications.models import Notification
from app.notifications.services import text_of
from app.organisations.models import Accreditation
from tests.conftest import post_form
from tests.factories import (ConsultationFactory, MembershipFactory, OrganisationFactory, commissioner,
                             moderator)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world():
    def build(phase="open", **kwargs):
        consultation = ConsultationFactory(phase=phase, **kwargs)
        accredited = OrganisationFactory(council=consultation.council)
        pending = OrganisationFactory(council=consultation.council, status=Accreditation.PENDING)
        author = MembershipFactory(organisation=accredited).user
        proposal = proposals.submit_proposal(author, consultation, title="Night buses", body="More buses at night")
        statement = deliberation.add_statement(None, consultation, "Buses should run all night", seeded=True)
        _db.session.commit()
        people = {"participant": MembershipFactory(organisation=accredited).user, "author": author,
                  "pending_org_member": MembershipFactory(organisation=pending).user,
                  "moderator": moderator(consultation.council), "commissioner": commissioner(consultation.council)}
        return consultation, proposal, statement, people
    return build


ACTIONS = {  # action: (consultation, proposal, statement) -> (url, form data)
    "submit": lambda c, p, s: (f"/consultations/{c.id}/proposals/new", {"title": "T", "body": "B"}),
    "edit": lambda c, p, s: (f"/consultations/proposals/{p.id}/edit", {"title": "T2", "body": "B2"}),
    "support": lambda c, p, s: (f"/consultations/proposals/{p.id}/support", {}),
    "feedback": lambda c, p, s: (f"/consultations/proposals/{p.id}/feedback", {"body": "Good", "stance": "supports"}),
    "statement": lambda c, p, s: (f"/consultations/{c.id}/statements", {"text": "Libraries open on Sunday"}),
    "vote": lambda c, p, s: (f"/consultations/{c.id}/vote", {"statement_id": str(s.id), "choice": "agree"}),
    "withdraw": lambda c, p, s: (f"/consultations/proposals/{p.id}/withdraw", {}),  # last: it ends the others
}
PHASE_OF = {"submit": {"open"}, "edit": {"open"}, "withdraw": {"open"}, "support": {"open", "deliberation"},
            "feedback": {"open", "deliberation"}, "statement": {"deliberation"}, "vote": {"deliberation"}}
WHO = {"submit": {"participant", "author"}, "edit": {"author"}, "withdraw": {"author"},
       "support": {"participant"}, "feedback": {"participant", "author"},
       "statement": {"participant", "author", "moderator"}, "vote": {"participant", "author"}}


@pytest.mark.parametrize("phase", ["open", "deliberation", "analysis", "closed"])
@pytest.mark.parametrize("role", ["visitor", "participant", "pending_org_member", "author", "moderator",
                                  "commissioner"])
def test_server_answers_per_role_and_phase(client, login, world, role, phase):
    consultation, proposal, statement, people = world(phase)
    if role != "visitor":
        login(people[role])
    for action, request_for in ACTIONS.items():
        url, data = request_for(consultation, proposal, statement)
        response = post_form(client, url, data, form_url="/")
        if role == "visitor":
            assert response.status_code == 302 and "/account/login" in response.headers["Location"], action
        elif phase not in PHASE_OF[action]:
            assert response.status_code == 409, (action, response.status_code)
        elif role not in WHO[action]:
            assert response.status_code == 403, (action, response.status_code)
        else:
            assert response.status_code == 302, (action, response.status_code, response.get_data(as_text=True)[:300])


@pytest.mark.parametrize("phase", ["open", "deliberation", "closed"])
@pytest.mark.parametrize("role", ["visitor", "participant", "author", "moderator", "commissioner",
                                  "pending_org_member"])
def test_ui_offers_only_what_the_server_allows(client, login, world, role, phase):
    consultation, proposal, _, people = world(phase)
    if role != "visitor":
        login(people[role])
    page = client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)
    detail = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert (f"/consultations/proposals/{proposal.id}/support\"" in page) == \
        (phase in PHASE_OF["support"] and role in WHO["support"])
    assert (f"/consultations/proposals/{proposal.id}/edit\"" in page) == (phase == "open" and role == "author")
    assert (f"/consultations/proposals/{proposal.id}/withdraw\"" in page) == (phase == "open" and role == "author")
    assert (f"/consultations/{consultation.id}/proposals/new\"" in detail) == \
        (phase == "open" and role in WHO["submit"])
    assert (f"/consultations/{consultation.id}/vote\"" in detail) == (phase in PHASE_OF["vote"] and role in WHO["vote"])
    assert (f"/consultations/proposals/{proposal.id}/feedback\"" in page) == \
        (phase in PHASE_OF["feedback"] and role in WHO["feedback"])


def test_phase_refusal_says_when_it_closed(client, login, world):
    consultation, _, _, people = world("deliberation")
    login(people["participant"])
    response = post_form(client, f"/consultations/{consultation.id}/proposals/new", {"title": "T", "body": "B"},
                         form_url="/")
    assert response.status_code == 409
    assert "does not accept proposals now. It closed on" in response.get_data(as_text=True)


def test_rejected_proposal_keeps_what_was_typed(client, login, world, db):
    consultation, _, _, people = world("open")
    login(people["participant"])
    url = f"/consultations/{consultation.id}/proposals/new"
    response = post_form(client, url, {"title": "Un titre gardé", "body": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="Un titre gardé"' in html and 'id="body-error"' in html
    assert db.session.scalar(select(func.count(Proposal.id))) == 1  # only the fixture's


def test_double_submitted_form_creates_one_proposal(client, login, world, db):
    consultation, _, _, people = world("open")
    login(people["participant"])
    url = f"/consultations/{consultation.id}/proposals/new"
    data = {"title": "Once", "body": "Only once", "form_token": "same-token"}
    first, second = post_form(client, url, data), post_form(client, url, data)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count(Proposal.id)).where(Proposal.title == "Once")) == 1


def test_attachment_checked_by_content_and_served_as_download(client, login, world, db, app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    consultation, _, _, people = world("open")
    login(people["participant"])
    url = f"/consultations/{consultation.id}/proposals/new"
    fake = post_form(client, url, {"title": "T", "body": "B", "attachments": (io.BytesIO(b"<html>"), "plan.png")},
                     content_type="multipart/form-data")
    assert fake.status_code == 422 and "is not a PDF, PNG or JPEG file" in fake.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Proposal.id))) == 1
    good = post_form(client, url, {"title": "With map", "body": "B", "attachments": (io.BytesIO(PNG), "map.png")},
                     content_type="multipart/form-data")
    assert good.status_code == 302
    stored = db.session.scalar(select(Attachment))
    assert stored.content_type == "image/png" and (tmp_path / stored.stored_as).exists()
    download = client.get(f"{good.headers['Location']}/attachments/{stored.id}")
    assert download.status_code == 200 and download.data == PNG
    assert "attachment" in download.headers["Content-Disposition"]
    assert "sandbox" in download.headers["Content-Security-Policy"]


def test_oversized_attachment_is_refused(client, login, world, db):
    consultation, _, _, people = world("open")
    login(people["participant"])
    big = PNG + b"\x00" * (5 * 1024 * 1024)
    response = post_form(client, f"/consultations/{consultation.id}/proposals/new",
                         {"title": "T", "body": "B", "attachments": (io.BytesIO(big), "big.png")},
                         content_type="multipart/form-data")
    assert response.status_code == 422 and "larger than 5 MB" in response.get_data(as_text=True)


def test_history_withdrawal_and_sanitising_on_the_page(client, login, world):
    consultation, proposal, _, people = world("open")
    login(people["author"])
    post_form(client, f"/consultations/proposals/{proposal.id}/edit",
              {"title": "Night buses to the port", "body": "Evil <script>alert(1)</script> **bold**"})
    post_form(client, f"/consultations/proposals/{proposal.id}/withdraw", {}, form_url="/")
    html = client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)
    assert "Version 1" in html and "Version 2" in html and "Night buses to the port" in html
    assert "withdrawn" in html and "<strong>bold</strong>" in html
    assert "<script>alert(1)</script>" not in html and "alert(1)" not in html


def test_feedback_threads_three_levels_deep(client, login, world, db):
    consultation, proposal, _, people = world("open")
    login(people["participant"])
    url = f"/consultations/proposals/{proposal.id}/feedback"
    parent = None
    for level in range(1, 4):
        data = {"body": f"Level {level}", "stance": "question", "parent_id": str(parent.id) if parent else ""}
        assert post_form(client, url, data, form_url="/").status_code == 302
        parent = db.session.scalar(select(Feedback).order_by(Feedback.id.desc()))
        assert parent.depth == level
    too_deep = post_form(client, url, {"body": "Level 4", "stance": "neutral", "parent_id": str(parent.id)},
                         form_url="/")
    assert too_deep.status_code == 409
    html = client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)
    assert html.index("Level 1") < html.index("Level 2") < html.index("Level 3")


def test_feedback_notifies_the_author_in_app_and_by_outbox(client, login, world, db, runner):
    consultation, proposal, _, people = world("open")
    login(people["participant"])
    post_form(client, f"/consultations/proposals/{proposal.id}/feedback", {"body": "Yes!", "stance": "supports"},
              form_url="/")
    note = db.session.scalar(select(Notification).where(Notification.user_id == people["author"].id))
    assert note and "Night buses" in text_of(note)
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == people["author"].email))
    assert mail and mail.sent_at is not None  # queued in the request's transaction, sent after its commit
    result = runner.invoke(args=["notifications", "send"])
    assert "e-mails sent 0" in result.output  # nothing left waiting


def test_people_choose_what_they_receive(client, login, world, db):
    consultation, proposal, _, people = world("open")
    login(people["author"])
    post_form(client, "/notifications/preferences", {"feedback_on_my_proposal-app": "on"},
              form_url="/notifications/")
    proposals.add_feedback(people["participant"], proposal, "Hello", "neutral")
    assert db.session.scalar(select(func.count(Notification.id))) == 1
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_followers_hear_of_phase_changes(client, login, world, db):
    consultation, _, _, people = world("open")
    services.announce_phase_changes()
    login(people["participant"])
    post_form(client, f"/consultations/{consultation.id}/follow", {}, form_url="/")
    services.set_phase(consultation, "deliberation", people["moderator"])
    texts = [text_of(n) for n in db.session.scalars(select(Notification))]
    assert len(texts) == 1 and "deliberation" in texts[0]


def test_voting_shows_one_statement_at_a_time(client, login, world, db, app):
    consultation, _, first, people = world("deliberation")
    second = deliberation.add_statement(None, consultation, "Libraries should open on Sunday", seeded=True)
    db.session.commit()
    login(people["participant"])
    url = f"/consultations/{consultation.id}/vote"
    assert first.text in client.get(url).get_data(as_text=True)
    post_form(client, url, {"statement_id": str(first.id), "choice": "agree"})
    page = client.get(url).get_data(as_text=True)
    assert second.text in page and first.text not in page
    post_form(client, url, {"statement_id": str(second.id), "choice": "pass"})
    assert "You have voted on every statement" in client.get(url).get_data(as_text=True)
    assert db.session.scalar(select(func.count(Vote.id))) == 2
    public = app.test_client().get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert people["participant"].display_name not in public  # individual votes are never shown


def test_support_counts_by_organisation_type(client, login, world, db):
    consultation, proposal, _, people = world("open")
    login(people["participant"])
    post_form(client, f"/consultations/proposals/{proposal.id}/support", {}, form_url="/")
    post_form(client, f"/consultations/proposals/{proposal.id}/support", {}, form_url="/")
    assert db.session.scalar(select(func.count(Support.id))) == 1
    html = client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)
    assert re.search(r"Migrant association: <span[^>]*>not shown", html)  # 1 < k = 5
    assert "1 support" not in html and "fewer than 5 supports" in html  # nor the total beside it
    organisation = people["participant"].memberships[0].organisation
    for _ in range(5):
        proposals.support(MembershipFactory(organisation=organisation).user, proposal)
    db.session.commit()
    html = client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)
    assert "6 supports" in html and "Migrant association: 6" in html


def test_moderator_creates_a_consultation_and_opens_a_phase_early(client, login, db):
    from tests.factories import CouncilFactory

    council = CouncilFactory()
    login(moderator(council))
    data = {"council": council.id, "title": "Night life", "description": "D", "questions": "Q1\nQ2",
            "categories": "bars, buses", "language": "en", "visibility": "public", "statements_need_approval": "y",
            "open": "2026-01-01T10:00", "deliberation": "2026-02-01T10:00"}
    response = post_form(client, "/consultations/new", data)
    assert response.status_code == 302
    from app.consultations.models import Consultation

    consultation = db.session.scalar(select(Consultation).where(Consultation.title == "Night life"))
    assert consultation.questions == ["Q1", "Q2"] and consultation.categories == ["bars", "buses"]
    post_form(client, f"/consultations/{consultation.id}/phase", {"phase": "closed"},
              form_url=f"/consultations/{consultation.id}/manage")
    db.session.refresh(consultation)
    assert consultation.current_phase == "closed"


def test_calendar_out_of_order_is_refused_in_the_form(client, login):
    from tests.factories import CouncilFactory

    council = CouncilFactory()
    login(moderator(council))
    data = {"council": council.id, "title": "Bad", "language": "en", "visibility": "public",
            "open": "2026-03-01T10:00", "deliberation": "2026-02-01T10:00"}
    response = post_form(client, "/consultations/new", data)
    assert response.status_code == 422 and "follow each other in time" in response.get_data(as_text=True)


def test_members_only_consultation_is_hidden_from_visitors(client, world):
    consultation, proposal, _, _ = world("open", visibility="members")
    assert client.get(f"/consultations/{consultation.id}").status_code == 404
    assert client.get(f"/consultations/proposals/{proposal.id}").status_code == 404
    assert consultation.title not in client.get("/consultations/").get_data(as_text=True)


def test_consultation_shows_the_readers_translation(client):
    consultation = ConsultationFactory(phase="open", title="Welcoming newcomers", language="en",
                                       translations={"fr": {"title": "Accueillir les nouveaux arrivants",
                                                            "description": "Comment mieux accueillir ?"}})
    client.set_cookie("majlis_lang", "fr")
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert '<h1 lang="fr" dir="ltr">Accueillir les nouveaux arrivants</h1>' in html
    client.set_cookie("majlis_lang", "ar")  # no Arabic translation: the original, marked as English
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert '<h1 lang="en" dir="ltr">Welcoming newcomers</h1>' in html


def test_detected_language_can_be_corrected(client, login, world, db):
    consultation, _, _, people = world("open")
    login(people["participant"])
    post_form(client, f"/consultations/{consultation.id}/proposals/new",
              {"title": "Transport", "body": "Plus de bus la nuit pour les travailleurs du port de la ville"})
    proposal = db.session.scalar(select(Proposal).where(Proposal.title == "Transport"))
    assert proposal.language == "fr"
    post_form(client, f"/consultations/proposals/{proposal.id}/edit",
              {"title": "Transport", "body": proposal.body, "language": "ca"})
    db.session.refresh(proposal)
    assert proposal.language == "ca"


def test_moderator_enters_translations(client, login, db):
    from app.consultations.models import Consultation

    consultation = ConsultationFactory(phase="open", language="fr", title="Logement")
    login(moderator(consultation.council))
    url = f"/consultations/{consultation.id}/manage"
    data = {"council": consultation.council_id, "title": "Logement", "language": "fr", "visibility": "public",
            "title_ar": "السكن", "description_ar": "كيف نحسن السكن؟", "title_fr": "ignored: primary language"}
    assert post_form(client, url, data).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Consultation, consultation.id)
    assert saved.translations == {"ar": {"title": "السكن", "description": "كيف نحسن السكن؟"}}


def test_an_edit_without_the_questions_field_keeps_the_questions(client, login, db):
    """A request that leaves the field out (a script, an old form) keeps the stored questions; the
    stored list reached a text method before (a 500, found by a security probe)."""
    from app.consultations.models import Consultation

    consultation = ConsultationFactory(phase="open", language="en", title="Parks", questions=["Which park?"])
    login(moderator(consultation.council))
    data = {"council": consultation.council_id, "title": "Parks and gardens", "language": "en", "visibility": "public"}
    assert post_form(client, f"/consultations/{consultation.id}/manage", data).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Consultation, consultation.id)
    assert saved.title == "Parks and gardens" and saved.questions == ["Which park?"]


def test_moderator_moves_the_calendar(client, login, db):
    consultation = ConsultationFactory(phase="open", language="en", title="Parks")
    login(moderator(consultation.council))
    data = {"council": consultation.council_id, "title": "Parks", "language": "en", "visibility": "public",
            "draft": "2020-01-01T09:00", "open": "2020-02-01T09:00", "deliberation": "2020-03-01T09:00",
            "closed": ""}  # an emptied date removes that phase; the others are kept
    assert post_form(client, f"/consultations/{consultation.id}/manage", data).status_code == 302
    db.session.expire_all()
    assert consultation.current_phase == "deliberation" and consultation.window("open").starts_at.year == 2020
    assert consultation.window("closed") is None and len(consultation.phases) == 6


def test_list_filters_by_council_and_phase(client):
    open_one = ConsultationFactory(phase="open", title="Open in Tunis")
    other = ConsultationFactory(phase="deliberation", title="Deliberating elsewhere")
    html = client.get(f"/consultations/?council={open_one.council_id}").get_data(as_text=True)
    assert "Open in Tunis" in html and "Deliberating elsewhere" not in html
    html = client.get("/consultations/?phase=deliberation").get_data(as_text=True)
    assert "Deliberating elsewhere" in html and "Open in Tunis" not in html
    assert other.council_id != open_one.council_id
