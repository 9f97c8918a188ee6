"""Unbound Flask extensions: created here, bound to an app in create_app()."""
from flask_babel import Babel
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints so that Alembic can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
cache = Cache()  # anonymous pages (app/caching.py): Redis in production, in-process in development
# The remote address is used only as the rate-limit key and never stored elsewhere.
limiter = Limiter(key_func=get_remote_address)


def limit_posts(config_key: str, **kwargs):
    """Rate-limit a view's POSTs by the limit named in the config (e.g. RATELIMIT_SUBMIT), read per request."""
    from flask import current_app

    return limiter.limit(lambda: current_app.config[config_key], methods=["POST"], **kwargs)


def str_enum(enum_class, length: int):
    """A portable enum column that stores the members' values (readable in SQL and exports)."""
    from sqlalchemy import Enum

    return Enum(enum_class, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)
