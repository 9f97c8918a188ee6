"""Absolute links (in e-mails, feeds, exports) come from the configured PUBLIC_URL, never from the
request's Host header, which an attacker chooses (a reset link to evil.example would leak the token)."""
from urllib.parse import urlsplit

from flask import current_app


def _adapter():
    base = urlsplit(current_app.config["PUBLIC_URL"])
    return current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")


def site_path(endpoint: str, _anchor: str | None = None, **values) -> str:
    """The site-relative path of an endpoint, inside or outside a request."""
    path = _adapter().build(endpoint, values, force_external=False)
    return f"{path}#{_anchor}" if _anchor else path


def public_url(endpoint: str, _anchor: str | None = None, **values) -> str:
    """The absolute address of an endpoint, under PUBLIC_URL."""
    url = _adapter().build(endpoint, values, force_external=True)
    return f"{url}#{_anchor}" if _anchor else url


def absolute(path: str) -> str:
    """PUBLIC_URL + a site-relative path."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + path
