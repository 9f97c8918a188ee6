"""A request id on every request: in every log record, in the `X-Request-Id` header and on the 500
page, so that "the error has been recorded" can be traced. No IP address is logged."""
import logging
import secrets

from flask import g, has_app_context, has_request_context

_FORMAT = "[%(asctime)s] %(levelname)s %(name)s [request %(request_id)s] %(message)s"


def _current_request_id() -> str:
    return g.get("request_id", "-") if has_request_context() and has_app_context() else "-"


def _install_record_factory() -> None:
    """Every log record, from any library, carries the request id (once per process)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "majlis", False):
        return

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = _current_request_id()
        return record

    factory.majlis = True
    logging.setLogRecordFactory(factory)


def _assign_request_id() -> None:
    g.request_id = secrets.token_hex(6)


def _expose_request_id(response):
    if g.get("request_id"):
        response.headers["X-Request-Id"] = g.request_id
    return response


def init_app(app) -> None:
    _install_record_factory()
    app.before_request(_assign_request_id)
    app.after_request(_expose_request_id)
    logger = logging.getLogger("majlis")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(_FORMAT))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    # Flask-Limiter's INFO line on a breached limit names its key, the client's address: not logged.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)
    from flask.logging import default_handler

    default_handler.setFormatter(logging.Formatter(_FORMAT))
