"""Mixed directions (issue 9): names, organisation names and people's texts keep their own direction
inside a sentence in another script: in lists, feedback, notifications and e-mails."""
import re

from sqlalchemy import select

from app.consultations.proposals import services as proposals
from app.i18n import FSI, PDI
from app.mail.models import OutboxMessage
from app.notifications.models import Notification
from tests.conftest import post_form
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory, UserFactory

ARABIC_NAME, ARABIC_ORG = "يوسف", "جمعية حي البحري للتضامن"


def world(db, **consultation):
    consultation = ConsultationFactory(phase="open", **consultation)
    organisation = OrganisationFactory(council=consultation.council, name=ARABIC_ORG)
    youssef = MembershipFactory(organisation=organisation, is_representative=True, user__display_name=ARABIC_NAME,
                                user__language="ar").user
    amina = MembershipFactory(organisation=organisation, user__display_name="Amina", user__language="fr").user
    return consultation, organisation, youssef, amina


def test_author_and_organisation_are_isolated_in_the_list_and_on_the_page(client, db):
    consultation, organisation, youssef, _ = world(db)
    proposal = proposals.submit_proposal(youssef, consultation, title="دروس مسائية", body="نقترح دروسا",
                                         organisation=organisation)
    db.session.commit()
    expected = f"<bdi>{ARABIC_NAME}</bdi> (<bdi>{ARABIC_ORG}</bdi>)"
    assert expected in client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert expected in client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)


def test_feedback_authors_are_isolated(client, db):
    consultation, organisation, youssef, amina = world(db)
    proposal = proposals.submit_proposal(amina, consultation, title="Un guichet", body="Le samedi")
    proposals.add_feedback(youssef, proposal, "فكرة ممتازة", "supports")
    db.session.commit()
    html = client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)
    assert f"<strong><bdi>{ARABIC_NAME}</bdi></strong>" in html
    assert re.search(r'<div lang="ar" dir="rtl" class="own-text"><p>فكرة ممتازة</p>', html)


def test_a_proposal_title_and_body_share_its_own_direction_in_the_arabic_interface(client, db):
    """A French proposal in the Arabic UI: title and body both left-to-right, in one element."""
    consultation, _, _, amina = world(db)
    proposal = proposals.submit_proposal(amina, consultation, title="Un guichet d'accueil",
                                         body="Un guichet ouvert le samedi pour les familles", language="fr")
    db.session.commit()
    client.set_cookie("majlis_lang", "ar")
    html = client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)
    block = re.search(r'<div class="proposal-text own-text" lang="fr" dir="ltr">\s*<h1>(.*?)</h1>\s*'
                      r'<div class="proposal-body">(.*?)</div>', html, re.S)
    assert block and "Un guichet d&#39;accueil" in block.group(1) and "samedi" in block.group(2)
    assert '<html lang="ar" dir="rtl">' in html


def test_notifications_and_their_e_mails_isolate_the_title(client, login, db):
    consultation, organisation, youssef, amina = world(db)
    proposal = proposals.submit_proposal(amina, consultation, title="Un guichet", body="Le samedi")
    proposals.add_feedback(youssef, proposal, "فكرة ممتازة", "supports")
    db.session.commit()
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == amina.email))
    assert f"{FSI}Un guichet{PDI}" in mail.body and f"{FSI}Un guichet{PDI}" in mail.subject
    login(amina)
    client.set_cookie("majlis_lang", "ar")
    html = client.get("/notifications/").get_data(as_text=True)
    assert f"{FSI}Un guichet{PDI}" in html


def test_account_e_mails_isolate_the_persons_name(client, db):
    post_form(client, "/account/register", {"display_name": ARABIC_NAME, "email": "y@example.org",
                                            "password": "a long passphrase", "confirm": "a long passphrase",
                                            "language": "fr", "accept_privacy": "y"})
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "y@example.org"))
    assert f"Bonjour {FSI}{ARABIC_NAME}{PDI}," in message.body


def test_names_are_isolated_in_directories_and_menus(client, login, db):
    _, organisation, youssef, _ = world(db)
    login(youssef)
    header = client.get("/").get_data(as_text=True).split("</header>")[0]
    assert f"<bdi>{ARABIC_NAME}</bdi>" in header
    html = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert f"<bdi>{ARABIC_NAME}</bdi></dd>" in html  # among the representatives
    assert f'dir="auto">{ARABIC_ORG}</h1>' in html


def test_stored_notifications_render_in_the_readers_language_of_the_moment(client, login, db):
    consultation, _, youssef, amina = world(db)
    proposal = proposals.submit_proposal(amina, consultation, title="Un guichet", body="Le samedi")
    proposals.add_feedback(youssef, proposal, "Bravo", "supports")
    db.session.commit()
    note = db.session.scalar(select(Notification).where(Notification.user_id == amina.id))
    assert note.params["title"] == "Un guichet" and "guichet" not in note.kind  # parameters, not a sentence
    login(amina)
    for language, words in (("en", "New feedback on the proposal"), ("ar", "تعليق جديد على المقترح"),
                            ("fr", "Nouveau commentaire sur la proposition")):
        post_form(client, f"/language/{language}", {"next": "/notifications/"}, form_url="/")
        assert words in client.get("/notifications/").get_data(as_text=True), language
