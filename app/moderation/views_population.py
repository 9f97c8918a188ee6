"""The reference population, what participants declare, and the representativeness dashboard."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.consultations.models import Consultation
from app.councils.models import Council
from app.extensions import db
from app.forms_util import ConfirmForm, attach_error, form_status
from app.inputs import parse_id
from app.permissions import refuse, require

from . import dashboard, reference
from .forms import DimensionForm
from .models import ReferenceDimension
from .permissions import can_declare_demographics, can_moderate_council
from .views import bp, council_or_404


@bp.route("/moderation/councils/<int:council_id>/reference", methods=["GET", "POST"])
@login_required
def reference_page(council_id: int):
    council = council_or_404(council_id)
    return _dimension_form(council, None)


@bp.route("/moderation/reference/<int:dimension_id>", methods=["GET", "POST"])
@login_required
def edit_dimension(dimension_id: int):
    dimension = db.session.get(ReferenceDimension, dimension_id)
    if dimension is None:
        refuse(404)
    return _dimension_form(council_or_404(dimension.council_id), dimension)


def _dimension_form(council, dimension):
    form = DimensionForm(obj=dimension)
    if dimension is not None and not form.is_submitted():
        form.groups.data = "\n".join(f"{g.label}: {round(g.share * 100, 2):g}" for g in dimension.groups)
    if form.validate_on_submit():
        try:
            reference.save_dimension(council, current_user, kind=form.kind.data, label=form.label.data or "",
                                     source=form.source.data, source_date=form.source_date.data,
                                     groups_text=form.groups.data, dimension=dimension)
        except reference.ReferenceError_ as error:
            attach_error(form, error)
        else:
            flash(_l("The reference population is saved."), "success")
            return redirect(url_for("moderation.reference_page", council_id=council.id))
    return render_template("moderation/reference.html", council=council, form=form, editing=dimension,
                           dimensions=dashboard.dimensions(council), confirm=ConfirmForm()), form_status(form)


@bp.post("/moderation/reference/<int:dimension_id>/delete")
@login_required
def delete_dimension(dimension_id: int):
    dimension = db.session.get(ReferenceDimension, dimension_id)
    if dimension is None:
        refuse(404)
    council = council_or_404(dimension.council_id)
    if ConfirmForm().validate_on_submit():
        reference.delete_dimension(dimension, current_user)
        flash(_l("The dimension is deleted."), "success")
    return redirect(url_for("moderation.reference_page", council_id=council.id))


@bp.route("/account/demographics", methods=["GET", "POST"])
@login_required
def demographics():
    """Optional, self-declared: each answer can be left blank or withdrawn at any time."""
    require(can_declare_demographics(current_user))
    councils = reference.councils_of(current_user)
    dims = [d for c in councils for d in dashboard.dimensions(c)]
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        for dimension in dims:
            reference.declare(current_user, dimension, parse_id(request.form.get(f"dimension-{dimension.id}")))
        flash(_l("Your answers are saved. Thank you."), "success")
        return redirect(url_for("moderation.demographics"))
    return render_template("moderation/demographics.html", councils=councils, dimensions=dims,
                           chosen=reference.my_declarations(current_user), form=ConfirmForm())


@bp.get("/moderation/councils/<int:council_id>/dashboard")
@login_required
def council_dashboard(council_id: int):
    council = council_or_404(council_id)
    return render_template("moderation/dashboard.html", council=council, consultation=None,
                           data=dashboard.build(council), public=False,
                           consultations=council_consultations(council))


@bp.get("/moderation/consultations/<int:consultation_id>/dashboard")
@login_required
def consultation_dashboard(consultation_id: int):
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or not can_moderate_council(current_user, consultation.council):
        refuse(404)
    return render_template("moderation/dashboard.html", council=consultation.council, consultation=consultation,
                           data=dashboard.build(consultation.council, consultation), public=False,
                           consultations=council_consultations(consultation.council))


@bp.get("/councils/<int:council_id>/representation")
def public_summary(council_id: int):
    """The public summary: the same suppressed figures, without the list of organisations."""
    council = db.get_or_404(Council, council_id)
    return render_template("moderation/dashboard.html", council=council, consultation=None,
                           data=dashboard.build(council), public=True, consultations=[])


def council_consultations(council) -> list:
    from sqlalchemy import select

    return db.session.scalars(select(Consultation).where(Consultation.council_id == council.id)
                              .order_by(Consultation.created_at.desc())).all()
