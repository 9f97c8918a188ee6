"""Configuration classes. Secrets and service addresses come from the environment."""
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3 spelled out.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def instance_secret_key(instance_path: str) -> str:
    """Generate a development secret once and keep it, so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url("sqlite:///majlis.sqlite3")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    LANGUAGES = {"en": "English", "fr": "Français", "ar": "العربية"}
    RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).parent / "translations")
    LANGUAGE_COOKIE = "majlis_lang"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # long forms must not expire while someone writes
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Redis down must not lock everyone out: limits fall back to each worker's memory (and /health says so).
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_SIGNIN = os.environ.get("RATELIMIT_SIGNIN", "10 per minute;50 per hour")
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "5 per minute;30 per hour")
    RATELIMIT_RESET = os.environ.get("RATELIMIT_RESET", "5 per minute;20 per hour")
    RATELIMIT_SUBMIT = os.environ.get("RATELIMIT_SUBMIT", "10 per minute;100 per hour")
    # Pages of anonymous visitors (app/caching.py) and each consultation's participation totals
    # (app/consultations/stats.py). Keys change with what is shown, so the timeout only bounds how late
    # additions (new proposals, replies, supports) may appear there.
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL")
    CACHE_TYPE = os.environ.get("CACHE_TYPE") or ("RedisCache" if CACHE_REDIS_URL else "SimpleCache")
    # A Redis that hangs must cost a page a quarter of a second at most, then count as a miss (the
    # database still answers); without a timeout every page would wait for it.
    CACHE_OPTIONS = {"socket_timeout": 0.25, "socket_connect_timeout": 0.25} if CACHE_REDIS_URL else None
    CACHE_DEFAULT_TIMEOUT = int(os.environ.get("CACHE_PAGE_TIMEOUT", "10"))
    CACHE_KEY_PREFIX = "majlis:"
    CACHE_PAGES = os.environ.get("CACHE_PAGES", "1") == "1"
    PASSWORD_RESET_MAX_AGE = 3600
    K_ANONYMITY_DEFAULT = 5
    # A reported item is hidden automatically after this many open reports, until a moderator decides.
    MODERATION_AUTO_HIDE_REPORTS = int(os.environ.get("MODERATION_AUTO_HIDE_REPORTS", "3"))
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_FROM = os.environ.get("MAIL_FROM", "majlis@localhost")
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # Who runs this instance, for the contact and privacy pages (accounts, personal data, problems).
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL")
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER")  # None: instance/uploads
    # How many reverse proxies stand in front of the app (their X-Forwarded-For is believed); 0: none.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # Background jobs: redis://… in production, a SQLite file in instance/ by default, "immediate" in tests.
    JOBS_URL = os.environ.get("JOBS_URL")


class DevelopmentConfig(Config):
    DEBUG = True
    SESSION_COOKIE_SECURE = False  # served over plain http on 127.0.0.1
    REMEMBER_COOKIE_SECURE = False


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = _database_url("sqlite://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    RATELIMIT_STORAGE_URI = "memory://"
    # The limiter stays on; the limits are loose so that tests of other things never trip them.
    RATELIMIT_SIGNIN = RATELIMIT_REGISTER = RATELIMIT_RESET = RATELIMIT_SUBMIT = "10000 per minute"
    JOBS_URL = "immediate"
    PUBLIC_URL = "http://localhost"


class ProductionConfig(Config):
    """Refuses to start without a real secret: a generated one would differ per worker. Only the
    public host (and any listed in TRUSTED_HOSTS) is served: a forged Host header gets 400."""
    TRUSTED_HOSTS = [urlsplit(Config.PUBLIC_URL).hostname] + [
        h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()]


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
