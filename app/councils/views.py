"""Councils, and the admin's page that gives roles on each."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.extensions import db
from app.forms_util import ConfirmForm, attach_error, form_status
from app.permissions import refuse, require

from . import services
from .forms import CouncilForm, CouncilRoleForm
from .models import Council, CouncilRole, CouncilRoleKind
from .permissions import can_edit_council, can_manage_council_roles

bp = Blueprint("councils", __name__, url_prefix="/councils")


@bp.get("/")
def index():
    return render_template("councils/index.html", councils=db.session.scalars(services.listing()).all())


@bp.route("/<int:council_id>/edit", methods=["GET", "POST"])
@login_required
def edit(council_id: int):
    """The secretariat's form for the council's public description and contact."""
    council = db.get_or_404(Council, council_id)
    require(can_edit_council(current_user, council))
    form = CouncilForm(obj=council)
    if form.validate_on_submit():
        services.update_council(council, form.data, by=current_user)
        flash(_l("The council's page is saved."), "success")
        return redirect(url_for("main.council", council_id=council.id))
    return render_template("councils/edit.html", council=council, form=form), form_status(form)


@bp.route("/<int:council_id>/roles", methods=["GET", "POST"])
@login_required
def roles(council_id: int):
    council = db.get_or_404(Council, council_id)
    require(can_manage_council_roles(current_user, council))
    form = CouncilRoleForm()
    if form.validate_on_submit():
        try:
            services.assign_role(council, form.email.data, CouncilRoleKind(form.role.data), by=current_user)
        except services.CouncilError as error:
            attach_error(form, error)
        else:
            flash(_l("The role is given."), "success")
            return redirect(url_for("councils.roles", council_id=council.id))
    return render_template("councils/roles.html", council=council, form=form, confirm=ConfirmForm(),
                           roles=services.roles_of(council)), form_status(form)


@bp.post("/<int:council_id>/roles/<int:role_id>/withdraw")
@login_required
def withdraw(council_id: int, role_id: int):
    council = db.get_or_404(Council, council_id)
    require(can_manage_council_roles(current_user, council))
    held = db.session.get(CouncilRole, role_id)
    if held is None or held.council_id != council.id:
        refuse(404)
    if ConfirmForm().validate_on_submit():
        services.withdraw_role(held, by=current_user)
        flash(_l("The role is withdrawn."), "success")
    return redirect(url_for("councils.roles", council_id=council.id))
