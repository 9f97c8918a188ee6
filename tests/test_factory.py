"""The application factory builds a working app from each configuration."""
import pytest

from app import create_app
from app.config import DevelopmentConfig, ProductionConfig, TestingConfig


def test_testing_config(app):
    assert app.testing
    assert app.config["WTF_CSRF_ENABLED"] is not False  # CSRF stays on in tests


def test_development_generates_and_keeps_a_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app(DevelopmentConfig, SECRET_KEY=None)
    first.instance_path = str(tmp_path)
    from app.config import instance_secret_key

    key = instance_secret_key(str(tmp_path))
    assert len(key) == 64 and instance_secret_key(str(tmp_path)) == key
    assert first.config["SECRET_KEY"]


def test_production_refuses_to_start_without_secret(monkeypatch):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig, SECRET_KEY=None)


def test_production_with_secret_has_secure_cookies():
    app = create_app(ProductionConfig, SECRET_KEY="x" * 40, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert not app.debug and not app.testing
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_config_by_name_from_environment(monkeypatch):
    monkeypatch.setenv("MAJLIS_ENV", "testing")
    assert create_app().testing
    assert issubclass(TestingConfig, object)


def test_database_url_is_normalised_for_psycopg(monkeypatch):
    from app.config import _database_url

    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert _database_url("sqlite://") == "postgresql+psycopg://u@h/db"


def test_health_answers(client):
    assert client.get("/health").get_json() == {
        "status": "ok", "checks": {"database": "ok", "rate_limit_storage": "ok", "jobs": "ok"}}


def test_no_two_features_give_templates_the_same_name(app):
    """A feature's context processor silently replaced another's `decision_labels` (the accreditation
    buttons lost their text): every name given to templates comes from one place only."""
    from collections import Counter

    deliberate = {"g", "request", "session", "csrf_token"}  # Flask's own per blueprint; caching fills the token
    with app.test_request_context():
        names = Counter(name for processors in app.template_context_processors.values()
                        for processor in set(processors) for name in processor())
    clashes = {name for name, n in names.items() if n > 1} - deliberate
    globals_too = (set(names) & set(app.jinja_env.globals)) - deliberate - {"csrf_meta_tag"}
    assert clashes == set() and globals_too == set()
