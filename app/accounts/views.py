"""Registration, sign-in, password reset, profile and the admin's role page."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from app.extensions import db, limiter, login_manager
from app.forms_util import attach_error, form_status, safe_next
from app.permissions import require

from . import services
from .forms import LoginForm, ProfileForm, RegistrationForm, ResetPasswordForm, ResetRequestForm, RoleForm
from .labels import labels
from .models import Role, User
from .permissions import can_manage_users

bp = Blueprint("accounts", __name__, url_prefix="/account")
bp.app_context_processor(labels)
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str):
    return db.session.get(User, int(user_id))


def _limit(name):
    return limiter.limit(lambda: current_app.config[name], methods=["POST"])


@bp.route("/register", methods=["GET", "POST"])
@_limit("RATELIMIT_REGISTER")
def register():
    form = RegistrationForm(language=request.args.get("lang") or _current_language())
    if form.validate_on_submit():
        try:
            user = services.register(form.email.data, form.display_name.data, form.password.data, form.language.data)
        except services.AccountError as error:
            attach_error(form, error)
        else:
            login_user(user)
            flash(_l("Welcome to Majlis. You can now join your organisation."), "success")
            return redirect(url_for("organisations.join"))
    return render_template("accounts/register.html", form=form), form_status(form)


@bp.route("/login", methods=["GET", "POST"])
@_limit("RATELIMIT_SIGNIN")
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
    logout_user()
    flash(_l("You are signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(
            form.email.data, lambda token: url_for("accounts.reset_password", token=token, _external=True))
        flash(_l("If an account uses this address, we have sent it a link to choose a new password."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
def reset_password(token: str):
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except services.AccountError as error:
            attach_error(form, error)
        else:
            flash(_l("Your password has been changed. You can sign in now."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, form.display_name.data, form.language.data)
        flash(_l("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


@bp.get("/users")
@login_required
def users():
    require(can_manage_users(current_user))
    page = db.paginate(services.list_users(), per_page=50)
    return render_template("accounts/users.html", page=page, roles=list(Role), form=RoleForm())


@bp.post("/users/<int:user_id>/role")
@login_required
def set_role(user_id: int):
    require(can_manage_users(current_user))
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    form.role.choices = [r.value for r in Role]
    if form.validate_on_submit():
        services.set_role(user, Role(form.role.data))
        flash(_l("Role changed."), "success")
    return redirect(url_for("accounts.users"))


def _current_language() -> str:
    from flask_babel import get_locale
    return str(get_locale())
