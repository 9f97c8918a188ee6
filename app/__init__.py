"""Majlis: the application factory."""
import os

from flask import Flask

from .config import CONFIGS, instance_secret_key
from .extensions import csrf, db, limiter, login_manager, migrate

BLUEPRINTS = (
    "app.main.views:bp",
    "app.accounts.views:bp",
    "app.organisations.views:bp",
    "app.moderation.views:bp",
    "app.consultations.manage:bp",
    "app.notifications.views:bp",
)


def create_app(config=None, **overrides) -> Flask:
    """Build an app from a config name ('development', 'testing', 'production'), a class, or None (MAJLIS_ENV)."""
    app = Flask(__name__, template_folder="../templates", instance_relative_config=True)
    app.config.from_object(_config_class(config))
    app.config.update(overrides)
    _ensure_secret_key(app)
    _init_extensions(app)
    _register_blueprints(app)
    from . import cli, errors, i18n, permissions, security

    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    permissions.init_app(app)
    cli.init_app(app)
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

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for target in BLUEPRINTS:
        module_name, attr = target.split(":")
        app.register_blueprint(getattr(import_module(module_name), attr))
