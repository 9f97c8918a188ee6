"""The secretariat's pages: the accreditation queue of the councils a person moderates."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.councils.roles import moderated_councils
from app.extensions import db
from app.inputs import page_arg
from app.organisations.labels import STATUS_LABELS
from app.organisations.models import Accreditation, Organisation
from app.organisations.permissions import can_view_organisation
from app.permissions import refuse, require

from . import services
from .forms import AccreditationForm
from .permissions import can_accredit_organisation, can_moderate

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@bp.get("/organisations")
@login_required
def organisations():
    require(can_moderate(current_user))
    page = db.paginate(services.accreditation_queue(moderated_councils(current_user)), page=page_arg(), per_page=50)
    return render_template("moderation/organisations.html", page=page, form=AccreditationForm())


@bp.post("/organisations/<int:org_id>/status")
@login_required
def set_status(org_id: int):
    organisation = db.session.get(Organisation, org_id)
    if organisation is None or not can_view_organisation(current_user, organisation):
        refuse(404)
    require(can_accredit_organisation(current_user, organisation))
    form = AccreditationForm()
    if not form.validate_on_submit():
        refuse(400)
    services.set_accreditation(organisation, Accreditation(form.status.data), form.reason.data or "", current_user)
    flash(_l("%(name)s is now %(status)s.", name=organisation.name, status=STATUS_LABELS[form.status.data]), "success")
    return redirect(url_for("moderation.organisations"))
