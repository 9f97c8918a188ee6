"""The secretariat's consultation pages: create, edit, calendar, phase override, statements."""
from datetime import timezone

from flask import flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from app.councils.models import Council
from app.councils.roles import moderated_councils
from app.extensions import db
from app.forms_util import ConfirmForm, attach_error, form_status
from app.permissions import refuse, require

from . import import_views  # noqa: F401  (adds the import page's routes to this blueprint)
from . import services
from .deliberation import queries as deliberation_queries
from .deliberation.forms import StatementForm
from .errors import ConsultationError
from .forms import CalendarForm, ConsultationForm, PhaseOverrideForm
from .permissions import can_manage_consultation
from .phases import ORDER, Phase
from .views import bp, visible_consultation


def _form(**kwargs):
    """The consultation form, offering only the councils this person moderates."""
    form = ConsultationForm(**kwargs)
    query, allowed = select(Council).order_by(Council.name), moderated_councils(current_user)
    if allowed is not None:
        query = query.where(Council.id.in_(allowed))
    form.council.choices = [(c.id, c.name) for c in db.session.scalars(query)]
    return form


def _calendar(form) -> dict:
    return {phase: form[phase.value].data.replace(tzinfo=timezone.utc) for phase in ORDER if form[phase.value].data}


def _fields(form) -> dict:
    return {"title": form.title.data, "description": form.description.data or "",
            "questions": _lines(form.questions.data),
            "categories": form.categories.data, "language": form.language.data,
            "visibility": form.visibility.data, "statements_need_approval": form.statements_need_approval.data,
            "translations": form.translations(form.language.data)}


def _lines(data) -> list[str]:
    """The questions, one per line. A request that leaves the field out keeps the stored list (the
    form was built from the consultation), which is already lines: it was a 500 before."""
    lines = data if isinstance(data, list) else (data or "").splitlines()
    return [q.strip() for q in lines if isinstance(q, str) and q.strip()]


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    require(can_manage_consultation(current_user))
    form, calendar = _form(), CalendarForm()
    if form.validate_on_submit() and calendar.validate():
        try:
            consultation = services.create_consultation(db.session.get(Council, form.council.data),
                                                        calendar=_calendar(calendar), **_fields(form))
        except ConsultationError as error:
            attach_error(form, error)
        else:
            flash(_l("The consultation is created."), "success")
            return redirect(url_for("consultations.manage", consultation_id=consultation.id))
    return render_template("consultations/manage_form.html", form=form, calendar=calendar,
                           consultation=None), form_status(form)


def _managed(consultation_id: int):
    consultation = visible_consultation(consultation_id)
    require(can_manage_consultation(current_user, consultation))
    return consultation


@bp.route("/<int:consultation_id>/manage", methods=["GET", "POST"])
@login_required
def manage(consultation_id: int):
    consultation = _managed(consultation_id)
    form = _form(obj=consultation, council=consultation.council_id)
    calendar = CalendarForm(data={w.phase: w.starts_at for w in consultation.phases})
    if not form.is_submitted():
        form.questions.data = "\n".join(consultation.questions)
        form.fill_translations(consultation.translations)
    if form.validate_on_submit() and calendar.validate():
        try:
            services.update_consultation(consultation, _calendar(calendar), **_fields(form))
        except ConsultationError as error:
            attach_error(form, error)
        else:
            flash(_l("The consultation is saved."), "success")
            return redirect(url_for("consultations.manage", consultation_id=consultation.id))
    return render_template("consultations/manage_form.html", form=form, calendar=calendar, consultation=consultation,
                           override=PhaseOverrideForm(phase=consultation.phase_override or ""),
                           statement_form=StatementForm(), confirm=ConfirmForm(),
                           pending=db.session.scalars(deliberation_queries.pending_statements(consultation)).all()), \
        form_status(form)


@bp.post("/<int:consultation_id>/phase")
@login_required
def set_phase(consultation_id: int):
    consultation = _managed(consultation_id)
    form = PhaseOverrideForm()
    if not form.validate_on_submit():
        refuse(400)
    services.set_phase(consultation, Phase(form.phase.data) if form.phase.data else None, current_user)
    flash(_l("The phase is changed."), "success")
    return redirect(url_for("consultations.manage", consultation_id=consultation.id))
