"""Registration, address confirmation, sign-in and sign-out, password reset, profile, and the
admin's page of accounts."""
from functools import cache

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import bindparam, select

from app.extensions import db, limit_posts, login_manager
from app.forms_util import ConfirmForm, attach_error, form_status, safe_next
from app.inputs import page_arg, parse_id
from app.permissions import require

from . import services
from .forms import AdminForm, LoginForm, ProfileForm, RegistrationForm, ResetPasswordForm, ResetRequestForm
from .labels import labels
from .models import SIGNED_IN_LOADS, User
from .permissions import can_manage_users

bp = Blueprint("accounts", __name__, url_prefix="/account")
bp.app_context_processor(labels)
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str):
    """The session holds 'id:token'; a token that changed (sign-out, reset) loads nobody."""
    user_id, _, token = (session_id or "").partition(":")
    user = db.session.scalars(_signed_in_person(), {"user_id": parse_id(user_id) or 0}).unique().one_or_none()
    return user if user is not None and token and user.auth_token == token else None


@cache
def _signed_in_person():
    """The person with what every request reads of them, built once (at the first request, when every
    feature has declared its loads) with the id bound at run time: building the statement with its
    loader options cost about as much as running it, on every signed-in request."""
    return select(User).where(User.id == bindparam("user_id")).options(*(load() for load in SIGNED_IN_LOADS))


def _signin_account_key() -> str:
    """Sign-in attempts are also counted per account, so that many addresses (or one proxy) share no limit."""
    return "account:" + services.normalise_email(request.form.get("email", ""))[:254]


@bp.route("/register", methods=["GET", "POST"])
@limit_posts("RATELIMIT_REGISTER")
def register():
    form = RegistrationForm(language=request.args.get("lang") or _current_language())
    if form.validate_on_submit():
        services.register(form.email.data, form.display_name.data, form.password.data, form.language.data,
                          accepted_privacy=form.accept_privacy.data)
        return redirect(url_for("accounts.check_email", address=form.email.data))
    return render_template("accounts/register.html", form=form), form_status(form)


@bp.get("/check-email")
def check_email():
    """The same page whether the address was new or known: nothing tells which."""
    return render_template("accounts/check_email.html", address=(request.args.get("address") or "")[:254])


@bp.get("/verify/<token>")
def verify_email(token: str):
    user, confirmed_now = services.verify_email(token)
    if not confirmed_now:
        flash(_l("Your address was already confirmed."), "info")
        return redirect(url_for("accounts.profile") if current_user.is_authenticated and current_user.id == user.id
                        else url_for("accounts.login"))
    login_user(user)
    flash(_l("Your address is confirmed. Welcome to Majlis: you can now join your organisation."), "success")
    return redirect(url_for("organisations.join"))


@bp.post("/verify/resend")
@login_required
def resend_verification():
    if ConfirmForm().validate_on_submit() and not current_user.email_verified:
        services.send_verification(current_user)
        flash(_l("We have sent the confirmation link again."), "info")
    return redirect(url_for("accounts.profile"))


@bp.route("/login", methods=["GET", "POST"])
@limit_posts("RATELIMIT_SIGNIN")
@limit_posts("RATELIMIT_SIGNIN", key_func=_signin_account_key)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("main.index")))
        form.form_errors.append(str(_l("The e-mail address or the password is wrong.")))
    return render_template("accounts/login.html", form=form), form_status(form)


@bp.post("/logout")
def logout():
    """Signing out ends every session of the account, including copies of this cookie."""
    if current_user.is_authenticated and ConfirmForm().validate_on_submit():
        services.sign_out_everywhere(current_user)
    logout_user()
    flash(_l("You are signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limit_posts("RATELIMIT_RESET")
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_l("If an account uses this address, we have sent it a link to choose a new password."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form), form_status(form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limit_posts("RATELIMIT_RESET")
def reset_password(token: str):
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except services.AccountError as error:
            attach_error(form, error)
        else:
            logout_user()
            flash(_l("Your password has been changed. You can sign in now."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), form_status(form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, form.display_name.data, form.language.data)
        flash(_l("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, confirm=ConfirmForm()), form_status(form)


@bp.get("/users")
@login_required
def users():
    require(can_manage_users(current_user))
    page = db.paginate(services.list_users(), page=page_arg(), per_page=50)
    return render_template("accounts/users.html", page=page, form=AdminForm())


@bp.post("/users/<int:user_id>/admin")
@login_required
def set_admin(user_id: int):
    require(can_manage_users(current_user))
    user = db.get_or_404(User, user_id)
    form = AdminForm()
    if form.validate_on_submit():
        services.set_admin(user, form.is_admin.data, by=current_user)
        flash(_l("Administrator right changed."), "success")
    return redirect(url_for("accounts.users"))


def _current_language() -> str:
    from flask_babel import get_locale
    return str(get_locale())
