"""One transaction per user action, committed in one place.

Services add, change and flush; they never commit. A request commits here when its answer is a
success (below 400) and rolls back otherwise, so a refused or failed action leaves nothing half
done. CLI commands and jobs use `unit_of_work()`. Work that must wait for the commit (sending
e-mail, starting a job) is registered with `after_commit`; clean-up of files written for a
transaction that did not commit, with `on_rollback`."""
import logging
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError

from .extensions import db
from .i18n import settle_locale

log = logging.getLogger("majlis.unit_of_work")


def after_commit(callback) -> None:
    """Run callback once the current transaction has committed (never if it rolls back)."""
    callbacks = db.session.info.setdefault("after_commit", [])
    if callback not in callbacks:
        callbacks.append(callback)


def on_rollback(callback) -> None:
    """Run callback if the current transaction rolls back (to undo what lives outside the database)."""
    db.session.info.setdefault("on_rollback", []).append(callback)


def commit() -> None:
    """Commit, then run what waited for the commit; a failing callback is logged, never raised."""
    session = db.session
    try:
        session.commit()
    except BaseException:
        rollback()
        raise
    session.info.pop("on_rollback", None)
    for callback in session.info.pop("after_commit", []):
        try:
            callback()
        except Exception:  # the transaction is committed; what follows it must not undo the answer
            log.exception("after-commit step %r failed", callback)


def rollback() -> None:
    session = db.session
    session.rollback()
    session.info.pop("after_commit", None)
    for callback in session.info.pop("on_rollback", []):
        try:
            callback()
        except Exception:
            log.exception("rollback step %r failed", callback)


@contextmanager
def unit_of_work():
    """For commands and jobs: commit on success, roll back on any error."""
    try:
        yield db.session
    except BaseException:
        rollback()
        raise
    commit()


def _finish_request(response):
    """Commit a successful request's transaction; refuse with 409 or 503 if the commit fails."""
    if response.status_code >= 400:
        rollback()
        return response
    try:
        settle_locale()  # may load the person: inside, so a database gone now is a 503 too
        commit()
    except IntegrityError:
        log.warning("commit refused by a database constraint", exc_info=True)
        return _error_response(409)
    except DBAPIError:
        log.exception("commit failed")
        return _error_response(503)
    return response


def _error_response(code: int):
    from flask import make_response, session

    from .errors import render_error

    session.pop("_flashes", None)  # a success message must not outlive a transaction that failed
    return make_response(render_error(code))


def _release(_error=None) -> None:
    """Give the connection back at the end of the request. One that the database dropped meanwhile
    (a restart: "terminating connection due to administrator command") cannot even roll back; it is
    discarded instead, so that the answer already made (often a 503 "please retry") stands."""
    try:
        db.session.close()
    except DBAPIError:
        log.warning("connection lost at the end of the request: discarded", exc_info=True)
        db.session().invalidate()


def init_app(app) -> None:
    app.after_request(_finish_request)
    app.teardown_appcontext(_release)  # registered last, so it runs before Flask-SQLAlchemy's own
