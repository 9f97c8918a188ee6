"""Retried and concurrent submissions create nothing twice (issue 7, 2): 20 identical requests at
the same instant, through real HTTP, on the test database (PostgreSQL in the second pass)."""
from sqlalchemy import func, select

from app.consultations.proposals.models import Feedback, Proposal
from app.extensions import db as _db
from app.notifications.models import Follow, Notification
from tests.conftest import csrf_token, race
from tests.factories import PASSWORD, ConsultationFactory, MembershipFactory, OrganisationFactory

N = 20


def _signed_in(app, setup):
    """Build the world in `app`'s database; return ids and a signed-in session cookie with its token."""
    with app.app_context():
        consultation = ConsultationFactory(phase="open")
        organisation = OrganisationFactory(council=consultation.council)
        author, replier = (MembershipFactory(organisation=organisation).user for _ in range(2))
        from app.consultations.proposals import services

        proposal = services.submit_proposal(author, consultation, title="Night buses", body="More")
        _db.session.commit()
        ids = {"consultation": consultation.id, "proposal": proposal.id, "author": author.id}
        email = replier.email
        _db.session.remove()
    client = app.test_client()
    token = csrf_token(client, "/account/login")
    client.post("/account/login", data={"csrf_token": token, "email": email, "password": PASSWORD})
    return ids, client.get_cookie("session").value, csrf_token(client, "/")


def _post_from_many(app, cookie, url, data):
    def work():
        client = app.test_client()
        client.set_cookie("session", cookie)
        return client.post(url, data=data).status_code
    return race(app, work, n=N)


def test_twenty_identical_feedback_posts_make_one_reply_and_one_notification(concurrent_app):
    ids, cookie, token = _signed_in(concurrent_app, None)
    statuses = _post_from_many(concurrent_app, cookie, f"/consultations/proposals/{ids['proposal']}/feedback",
                               {"csrf_token": token, "body": "Same reply", "stance": "supports",
                                "form_token": "one-form"})
    assert set(statuses) == {302}
    with concurrent_app.app_context():
        assert _db.session.scalar(select(func.count(Feedback.id))) == 1
        assert _db.session.scalar(select(func.count(Notification.id)).where(
            Notification.user_id == ids["author"])) == 1


def test_twenty_identical_follows_make_one_follow(concurrent_app):
    ids, cookie, token = _signed_in(concurrent_app, None)

    def work():
        from app.accounts.models import User
        from app.notifications import services

        person = _db.session.scalar(select(User).where(User.id != ids["author"]).order_by(User.id.desc()))
        services.follow(person, consultation_id=ids["consultation"])

    race(concurrent_app, work, n=N)
    with concurrent_app.app_context():
        assert _db.session.scalar(select(func.count(Follow.id))) == 1


def test_a_proposal_posted_twice_with_one_token_stores_its_attachment_once(concurrent_app):
    import io

    ids, cookie, token = _signed_in(concurrent_app, None)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64

    def work():
        client = concurrent_app.test_client()
        client.set_cookie("session", cookie)
        return client.post(f"/consultations/{ids['consultation']}/proposals/new",
                           data={"csrf_token": token, "title": "T", "body": "B", "organisation": "0",
                                 "form_token": "same-token", "attachments": (io.BytesIO(png), "a.png")},
                           content_type="multipart/form-data").status_code

    assert set(race(concurrent_app, work, n=4)) == {302}
    with concurrent_app.app_context():
        proposal = _db.session.scalar(select(Proposal).where(Proposal.form_token == "same-token"))
        assert len(proposal.attachments) == 1
