"""The one error path: HTTP errors, domain refusals and failures become a translated page (or JSON).

Every refusal a service raises is a DomainError with its status and message; views do not catch
them, this module answers them. A database that is briefly unreachable gives 503 ("please retry"),
not 500. A real 500 is logged with its traceback under the request id that the page shows."""
import logging

from flask import current_app, g, jsonify, make_response, render_template, request, session
from flask.globals import request_ctx
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from .domain_errors import DomainError
from .extensions import db

log = logging.getLogger("majlis.errors")

TITLES = {
    400: _l("Bad request"),
    403: _l("You are not allowed to do this"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("This conflicts with the current state"),
    413: _l("What you sent is too large"),
    422: _l("Please check what you sent"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is briefly unavailable"),
}

EXPLANATIONS = {
    400: _l("The request could not be understood. Please go back and try again."),
    403: _l("Your account does not have the right to do this here."),
    404: _l("There is nothing at this address. It may have been moved or withdrawn, or it is visible only "
            "to some people."),
    405: _l("This address does not accept this kind of request."),
    409: _l("This action does not fit the current state of the page. Reload it and try again."),
    413: _l("The file or text you sent is larger than allowed."),
    422: _l("Some of what you sent is not valid. Please go back, correct it and send it again."),
    429: _l("You tried this too often. Please wait a minute before trying again."),
    500: _l("The error has been recorded. Please try again later."),
    503: _l("Nothing was lost, but your action was not saved. Please try again in a moment."),
}


def render_error(code: int, message: str | None = None):
    """Render an error page with the domain's own message when it gave one. When the page itself
    cannot reach the database (the signed-in person, their language, the unread badge, while the
    database restarts), the same words as plain text: never a second error, never a 500 for a 503."""
    db.session.rollback()  # the page itself queries (the signed-in user, the badge): start clean
    code = code if code in TITLES else 500
    try:
        response = _answer(code, message)
    except DBAPIError:
        db.session.rollback()
        response = _plain(code, message)
    headers = {"Retry-After": "5"} if code == 503 else {}
    return response, code, headers


def _answer(code: int, message):
    detail = str(message) if message else str(EXPLANATIONS[code])
    request_id = g.get("request_id")
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=str(TITLES[code]), message=detail, request_id=request_id)
    if request_ctx.url_adapter is None:  # an untrusted Host header: no link of ours can be built for it
        return _plain(code, message)
    return render_template("errors/error.html", code=code, title=TITLES[code], message=detail,
                           request_id=request_id if code >= 500 else None)


def _plain(code: int, message):
    """Text in the visit's language as far as it is known without the database (the switcher's
    choice, the browser's languages), else the default."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang") if session.get("lang") in languages else request.accept_languages.best_match(
        list(languages)) or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(chosen):
        page = make_response(f"{TITLES[code]}\n\n{message or EXPLANATIONS[code]}\n")
    page.mimetype = "text/plain"
    return page


def _handle_http(error: HTTPException):
    return render_error(error.code or 500, getattr(error, "majlis_message", None))


def _handle_domain(error: DomainError):
    return render_error(error.status, error.message)


def _handle_csrf(error: CSRFError):
    return render_error(400, str(_l("The form expired or was sent from elsewhere. Reload the page and send it again.")))


def _handle_database_down(error: DBAPIError):
    """A lost connection (database restarting) is worth a retry; anything else is a real 500."""
    if isinstance(error, (OperationalError, DisconnectionError)) or getattr(error, "connection_invalidated", False):
        log.warning("database unavailable: %s", error.__class__.__name__)
        return render_error(503)
    raise error


def _handle_500(error: InternalServerError):
    # Flask has already logged the traceback (with the request id, see logs.py).
    return render_error(500)


def init_app(app) -> None:
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(DomainError, _handle_domain)
    app.register_error_handler(DBAPIError, _handle_database_down)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(InternalServerError, _handle_500)
