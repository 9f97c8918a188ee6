"""Translated error pages; JSON for clients that ask for it."""
from flask import jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

TITLES = {
    400: _l("Bad request"),
    403: _l("You are not allowed to do this"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("This conflicts with the current state"),
    413: _l("What you sent is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
}

EXPLANATIONS = {
    400: _l("The request could not be understood. Please go back and try again."),
    403: _l("Your account does not have the right to do this here."),
    404: _l("There is nothing at this address. It may have been moved or withdrawn."),
    405: _l("This address does not accept this kind of request."),
    409: _l("This action does not fit the current state of the page. Reload it and try again."),
    413: _l("The file or text you sent is larger than allowed."),
    429: _l("You tried this too often. Please wait a minute before trying again."),
    500: _l("The error has been recorded. Please try again later."),
}


def render_error(code: int, message: str | None = None):
    """Render an error page with the domain's own message when it gave one."""
    code = code if code in TITLES else 500
    detail = message or str(EXPLANATIONS[code])
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=str(TITLES[code]), message=detail), code
    return render_template("errors/error.html", code=code, title=TITLES[code], message=detail), code


def _handle_http(error: HTTPException):
    description = getattr(error, "majlis_message", None)
    return render_error(error.code or 500, description)


def _handle_csrf(error: CSRFError):
    return render_error(400, str(_l("The form expired or was sent from elsewhere. Reload the page and send it again.")))


def init_app(app) -> None:
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(HTTPException, _handle_http)
    if not (app.debug or app.testing):  # in development and tests the traceback is more useful
        app.register_error_handler(Exception, lambda e: render_error(500))
