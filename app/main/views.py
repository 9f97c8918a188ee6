"""Home page, the language switcher and the health check."""
import logging

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db, limiter
from app.forms_util import ConfirmForm, safe_next
from app.organisations.models import Accreditation, Organisation

bp = Blueprint("main", __name__)
log = logging.getLogger("majlis.health")

ONE_YEAR = 365 * 24 * 3600


@bp.get("/")
def index():
    accredited = db.session.scalar(
        select(func.count(Organisation.id)).where(Organisation.status == Accreditation.ACCREDITED))
    return render_template("main/index.html", accredited=accredited)


@bp.post("/language/<code>")
def set_language(code: str):
    """Switch the language of this visit. A signed-in person's saved language (used for their
    e-mails) changes only on their profile page, never as a side effect of browsing."""
    languages = current_app.config["LANGUAGES"]
    response = redirect(safe_next(request.form.get("next"), url_for("main.index")))
    if code in languages and ConfirmForm().validate_on_submit():
        session["lang"] = code
        response.set_cookie(current_app.config["LANGUAGE_COOKIE"], code, max_age=ONE_YEAR,
                            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
    return response


@bp.get("/health")
def health():
    """For load balancers and operators: the database must answer (else 503); the rate-limit store
    and the job queue may be degraded (limits fall back to memory, e-mails wait in the outbox)."""
    checks = {"database": _check(lambda: db.session.execute(select(1))),
              "rate_limit_storage": "ok" if limiter.storage.check() else "degraded",
              "jobs": _check(_jobs_pending)}
    status = "ok" if all(v == "ok" for v in checks.values()) else "degraded"
    code = 503 if checks["database"] != "ok" else 200
    return {"status": status, "checks": checks}, code


def _check(probe) -> str:
    try:
        probe()
    except (SQLAlchemyError, OSError, Exception) as error:  # report, never crash the health check
        log.warning("health check failed: %s", type(error).__name__)
        db.session.rollback()
        return "degraded"
    return "ok"


def _jobs_pending():
    from app.jobs import pending

    return pending()
