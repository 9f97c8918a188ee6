"""The shared page cache: pages rendered for visitors who are not signed in, reused for the next
visitor who asks for the same page (Flask-Caching: Redis in production, in-process in development).

Who gets a cached page: only a visitor who is not signed in, asking with GET, with no message
waiting to be shown (a flash belongs to one person). A signed-in person's page is never read from
nor written to the cache, so no one is ever served somebody else's page.
What keeps it right: the feature gives the key, and puts in it what the page depends on (for a
consultation, its `revision`, bumped in the same transaction as every change to what the page
shows; the language; the query). A change makes a new key; old entries expire after
CACHE_DEFAULT_TIMEOUT seconds, which is also the most that additions (new proposals, replies,
supports: app/consultations/freshness.py) may take to appear on a cached page.
The same store holds one other shared value, under the same rules: each consultation's
participation totals (app/consultations/stats.py), the same for every reader, signed in or not.
The one per-visitor part of an anonymous page, the CSRF token of the language switcher, is stored
as a placeholder and filled in for each visitor."""
import hashlib
import logging

from flask import current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .extensions import cache

log = logging.getLogger("majlis.caching")

CSRF_PLACEHOLDER = "__majlis_csrf_token__"


def may_share(known_args: set) -> bool:
    """Whether this request may be answered from (and fill) the shared cache: a visitor who is not
    signed in, GET, no message waiting, and only query arguments the page knows (made-up URLs must
    not fill the cache)."""
    return _may_share() and set(request.args) <= known_args


def shared_page(key_parts: tuple, render) -> str:
    """The page rendered by `render()` (a str), from the cache for anonymous visitors when the same
    key was rendered before; otherwise rendered (and stored when it may be shared)."""
    if not _may_share():
        return render()
    key = "page:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    html = _get(key)
    if html is None:
        html = _render_shareable(render)
        if not isinstance(html, str):
            return html
        if not _holds_personal_token(html):
            _set(key, html)
    return html.replace(CSRF_PLACEHOLDER, generate_csrf())


def _may_share() -> bool:
    return (sharing_on() and request.method == "GET"
            and not current_user.is_authenticated and not session.get("_flashes"))


def _render_shareable(render):
    g.rendering_shared_page = True
    try:
        return render()
    finally:
        g.rendering_shared_page = False


def _holds_personal_token(html: str) -> bool:
    """A form built with this visitor's real token (not the placeholder) must not be shared."""
    token = g.get("csrf_token")
    return bool(token) and token in html


def csrf_token() -> str:
    """The templates' `csrf_token()`: the placeholder while rendering a page to be shared."""
    if g.get("rendering_shared_page"):
        return Markup(CSRF_PLACEHOLDER)
    return generate_csrf()


def sharing_on() -> bool:
    """Whether the operator lets pages and shared values be cached (CACHE_PAGES)."""
    return current_app.config.get("CACHE_PAGES", True)


def shared_values(keys: list[str]) -> dict:
    """{key: value or None} for values every reader shares (e.g. a consultation's participation)."""
    if not keys:
        return {}
    return _tolerant(lambda: dict(zip(keys, cache.get_many(*keys))), {})


def share_values(values: dict) -> None:
    _tolerant(lambda: cache.set_many(values), None)


def _get(key: str):
    return _tolerant(lambda: cache.get(key), None)


def _set(key: str, html: str) -> None:
    _tolerant(lambda: cache.set(key, html), None)


def _tolerant(operation, otherwise):
    """A cache that does not answer is a miss, never an error page (the database still answers)."""
    try:
        return operation()
    except Exception as error:  # noqa: BLE001 (any backend failure: Redis down, timeout)
        log.warning("shared cache unavailable: %s", type(error).__name__)
        return otherwise


def init_app(app) -> None:
    """After CSRFProtect, whose `csrf_token` (a global and a context processor) this one replaces."""
    cache.init_app(app)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})
