"""The pages that bring the features together: home, a council's public page, about, privacy and
contact; the language switcher and the health check."""
import logging

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.consultations import queries as consultation_queries
from app.consultations import stats
from app.consultations.permissions import missing_step
from app.consultations.phases import ORDER, Stage, by_stage
from app.councils import services as councils
from app.councils.models import Council
from app.extensions import db, limiter
from app.forms_util import ConfirmForm, safe_next
from app.organisations import services as organisations
from app.permissions import refuse

bp = Blueprint("main", __name__)
log = logging.getLogger("majlis.health")

ONE_YEAR = 365 * 24 * 3600


@bp.get("/")
def index():
    """What is happening: the councils, what is open now, the city's answers, how it works."""
    visible = consultation_queries.visible_to(current_user)
    open_now = next((items for stage, items in by_stage(visible) if stage == Stage.OPEN), [])
    return render_template("main/index.html", councils=db.session.scalars(councils.listing()).all(),
                           open_now=open_now, counts=stats.participation(open_now), phases=ORDER,
                           organisations=organisations.accredited_counts(),
                           consultations_per_council=_per_council(visible), responses=recent_responses(),
                           standing=missing_step(current_user, None))


def _per_council(consultations) -> dict[int, int]:
    found: dict[int, int] = {}
    for consultation in consultations:
        found[consultation.council_id] = found.get(consultation.council_id, 0) + 1
    return found


def recent_responses() -> list:
    """The city's latest published answers that the visitor may see (each item renders itself)."""
    from app.responses.trail import recent_answers

    return recent_answers(current_user)


@bp.get("/councils/<int:council_id>")
def council(council_id: int):
    """A council's public page: who sits on it, its organisations, its consultations, its contact."""
    found = db.session.get(Council, council_id)
    if found is None:
        refuse(404)
    visible = consultation_queries.visible_to(current_user, found.id)
    return render_template("councils/detail.html", council=found, roles=councils.roles_by_kind(found),
                           organisations=db.session.scalars(organisations.public_listing(council_id=found.id)).all(),
                           groups=by_stage(visible), counts=stats.participation(visible),
                           standing=missing_step(current_user, found.id))


@bp.get("/about")
def about():
    return render_template("main/about.html", phases=ORDER)


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")


@bp.get("/contact")
def contact():
    return render_template("main/contact.html", councils=db.session.scalars(councils.listing()).all(),
                           operator=current_app.config.get("CONTACT_EMAIL"))


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
