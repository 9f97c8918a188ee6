"""While the database restarts, a signed-in person's failed request still answers 503 "please retry"
(the error page's own queries, such as the unread badge, fail too: the answer must not become a 500)."""
from sqlalchemy.exc import OperationalError

from tests.conftest import post_form
from tests.factories import PASSWORD, UserFactory


def test_a_signed_in_request_answers_503_when_the_error_page_cannot_query_either(make_app, monkeypatch):
    from app.notifications import services as notifications

    app = make_app(PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        user = UserFactory()
        client = app.test_client()
        assert post_form(client, "/account/login", {"email": user.email, "password": PASSWORD}).status_code == 302

        def down(*_args, **_kwargs):
            raise OperationalError("SELECT 1", {}, Exception("the database system is shutting down"))

        monkeypatch.setattr(notifications, "unread_count", down)
        response = client.get("/consultations/mine")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert "try again" in response.get_data(as_text=True)


def test_a_signed_in_request_answers_503_when_the_person_cannot_be_loaded_either(make_app, monkeypatch):
    """The reader's language needs the signed-in person, whom the database cannot give while it restarts."""
    from app.accounts import views as accounts

    app = make_app(PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        user = UserFactory()
        client = app.test_client()
        assert post_form(client, "/account/login", {"email": user.email, "password": PASSWORD}).status_code == 302

        def down(*_args, **_kwargs):
            raise OperationalError("SELECT 1", {}, Exception("the database system is shutting down"))

        monkeypatch.setattr(accounts.db.session, "scalars", down)
        response = client.get("/consultations/mine", headers={"Accept-Language": "fr"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert "Réessayez" in response.get_data(as_text=True)


def test_a_connection_dropped_before_the_end_of_the_request_does_not_turn_the_answer_into_a_500(
        make_app, monkeypatch):
    """PostgreSQL terminates connections when it restarts; rolling one back at teardown then fails."""
    from sqlalchemy.orm import Session

    app = make_app(PROPAGATE_EXCEPTIONS=False)
    real_close, calls = Session.close, []

    def close_on_a_dropped_connection(self):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("ROLLBACK", {}, Exception("terminating connection due to administrator command"))
        return real_close(self)

    monkeypatch.setattr(Session, "close", close_on_a_dropped_connection)
    with app.app_context():
        response = app.test_client().get("/consultations/")
    assert response.status_code == 200 and calls
