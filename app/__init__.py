"""Majlis: the application factory."""
import os

from flask import Flask

from .config import CONFIGS, instance_secret_key
from .extensions import csrf, db, limiter, login_manager, migrate


def create_app(config=None, **overrides) -> Flask:
    """Build an app from a config name ('development', 'testing', 'production'), a class, or None (MAJLIS_ENV)."""
    app = Flask(__name__, template_folder="../templates", instance_relative_config=True)
    app.config.from_object(_config_class(config))
    app.config.update(overrides)
    _ensure_secret_key(app)
    from . import caching, cli, errors, i18n, inputs, jobs, logs, permissions, privacy, security, unit_of_work

    inputs.init_app(app)  # before the blueprints: their routes use the bounded <int:…> converter
    _init_extensions(app)
    caching.init_app(app)  # after CSRFProtect: it wraps the templates' csrf_token()
    _register_blueprints(app)
    logs.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    permissions.init_app(app)
    privacy.init_app(app)
    jobs.init_app(app)
    cli.init_app(app)
    unit_of_work.init_app(app)  # last registered, first run: the commit decides the answer
    return app


def _config_class(config):
    if config is None:
        config = os.environ.get("MAJLIS_ENV", "development")
    return CONFIGS[config] if isinstance(config, str) else config


def _ensure_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.config.get("DEBUG") or app.config.get("TESTING"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
        return
    raise RuntimeError("SECRET_KEY must be set in the environment in production.")


def _init_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (every model registered before the first query)

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite has one writer at a time: wait for it (30 s) rather than fail at once.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {"timeout": 30, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)


def _register_blueprints(app: Flask) -> None:
    """Each feature's blueprint, named here so that a reader (and a tool) can follow them."""
    from .accounts.views import bp as accounts
    from .consultations.deliberation.views import bp as deliberation
    from .consultations.manage import bp as consultations  # manage.py adds the secretariat's routes
    from .consultations.proposals.views import bp as proposals
    from .councils.views import bp as councils
    from .insights.routes import bp as insights
    from .main.views import bp as main
    from .moderation.views import bp as moderation
    from .notifications.views import bp as notifications
    from .organisations.views import bp as organisations
    from .responses.api.views import bp as api
    from .responses.views import bp as responses

    for blueprint in (main, accounts, councils, organisations, moderation, consultations, proposals, deliberation,
                      notifications, insights, responses, api):
        app.register_blueprint(blueprint)
