"""Home page and the language switcher."""
from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from app.extensions import db
from app.forms_util import safe_next
from app.organisations.forms import ConfirmForm
from app.organisations.models import Accreditation, Organisation

bp = Blueprint("main", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.get("/")
def index():
    accredited = db.session.scalar(
        select(func.count(Organisation.id)).where(Organisation.status == Accreditation.ACCREDITED))
    return render_template("main/index.html", accredited=accredited)


@bp.post("/language/<code>")
def set_language(code: str):
    """Remember the choice in a cookie, and in the profile of a signed-in user."""
    languages = current_app.config["LANGUAGES"]
    response = redirect(safe_next(request.form.get("next"), url_for("main.index")))
    if code in languages and ConfirmForm().validate_on_submit():
        response.set_cookie(current_app.config["LANGUAGE_COOKIE"], code, max_age=ONE_YEAR,
                            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
        if current_user.is_authenticated:
            current_user.language = code
            db.session.commit()
    return response


@bp.get("/health")
def health():
    """For load balancers: answers when the app and its database do."""
    db.session.execute(select(1))
    return {"status": "ok"}
