"""Organisation pages: directory, profile, create/edit, joining and membership decisions."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from app.councils.models import Council
from app.extensions import db
from app.inputs import choice_arg, page_arg
from app.forms_util import ConfirmForm, attach_error, form_status
from app.permissions import refuse, require

from . import permissions as perms
from . import services
from .forms import JoinForm, OrganisationForm
from .labels import labels
from .models import Membership, Organisation, OrganisationType

bp = Blueprint("organisations", __name__, url_prefix="/organisations")
bp.app_context_processor(labels)


def _form_with_councils(**kwargs) -> OrganisationForm:
    form = OrganisationForm(**kwargs)
    form.council.choices = [(c.id, c.name) for c in db.session.scalars(select(Council).order_by(Council.name))]
    return form


@bp.get("/")
def index():
    org_type = choice_arg("type", OrganisationType)
    page = db.paginate(services.public_listing(org_type), page=page_arg(), per_page=30)
    return render_template("organisations/index.html", page=page, org_type=org_type)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    require(perms.can_create_organisation(current_user))
    form = _form_with_councils()
    if form.validate_on_submit():
        try:
            organisation = services.create(current_user, db.session.get(Council, form.council.data), form.profile_data())
        except services.OrganisationError as error:
            attach_error(form, error)
        else:
            flash(_l("The organisation is registered. The council secretariat will review its accreditation."), "success")
            return redirect(url_for("organisations.detail", org_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=None), form_status(form)


@bp.get("/<int:org_id>")
def detail(org_id: int):
    organisation = db.session.get(Organisation, org_id)
    if organisation is None or not perms.can_view_organisation(current_user, organisation):
        refuse(404)
    return render_template("organisations/detail.html", organisation=organisation, form=ConfirmForm(),
                           membership=perms.membership_of(current_user, organisation))


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit(org_id: int):
    organisation = db.get_or_404(Organisation, org_id)
    require(perms.can_edit_organisation(current_user, organisation))
    form = _form_with_councils(obj=organisation, council=organisation.council_id)
    if form.validate_on_submit():
        try:
            services.update(organisation, form.profile_data())
        except services.OrganisationError as error:
            attach_error(form, error)
        else:
            flash(_l("The profile is saved."), "success")
            return redirect(url_for("organisations.detail", org_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=organisation), form_status(form)


@bp.route("/join", methods=["GET", "POST"])
@login_required
def join():
    form = JoinForm()
    if form.validate_on_submit():
        try:
            membership = services.join_by_code(current_user, form.code.data)
        except services.OrganisationError as error:
            attach_error(form, error)
        else:
            flash(_l("You are now a member of %(name)s.", name=membership.organisation.name), "success")
            return redirect(url_for("organisations.detail", org_id=membership.organisation_id))
    directory = db.session.scalars(services.public_listing()).all()
    return render_template("organisations/join.html", form=form, directory=directory,
                           confirm=ConfirmForm()), form_status(form)


@bp.post("/<int:org_id>/request")
@login_required
def request_membership(org_id: int):
    organisation = db.get_or_404(Organisation, org_id)
    require(perms.can_request_membership(current_user, organisation))
    if ConfirmForm().validate_on_submit():
        services.request_membership(current_user, organisation)
        flash(_l("Your request was sent to the representatives of %(name)s.", name=organisation.name), "success")
    return redirect(url_for("organisations.detail", org_id=org_id))


@bp.post("/<int:org_id>/memberships/<int:membership_id>/<any(approve, reject):decision>")
@login_required
def decide(org_id: int, membership_id: int, decision: str):
    membership = db.get_or_404(Membership, membership_id)
    if membership.organisation_id != org_id:
        refuse(404)
    require(perms.can_decide_membership(current_user, membership.organisation))
    if ConfirmForm().validate_on_submit():
        services.decide_membership(membership, approve=decision == "approve")
    return redirect(url_for("organisations.detail", org_id=org_id))
