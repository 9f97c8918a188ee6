"""Security at the edge: headers on every response, trusted proxies and hosts, and requests carrying
NUL bytes refused before any view (no database accepts them in text, and no person types them).

A strict Content-Security-Policy is possible because every script and style is served from the
app itself (no CDN, no inline script)."""
from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from .permissions import refuse

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def refuse_nul_bytes() -> None:
    """NUL in a query string or a form field is never legitimate input."""
    values = list(request.args.values()) + (list(request.form.values()) if request.method == "POST" else [])
    if any("\x00" in value for value in values) or "\x00" in request.path:
        refuse(400, _l("What you sent contains characters that are not allowed."))


def _hsts(response):
    response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_app(app) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Behind N proxies, the client's address is the N-th from the right of X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.before_request(refuse_nul_bytes)
    app.after_request(add_security_headers)
    if app.config.get("SESSION_COOKIE_SECURE"):
        app.after_request(_hsts)
