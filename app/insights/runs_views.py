"""Run pages: the runs of a consultation with a Start form, a run's progress (a page that refreshes itself
without JavaScript, and a JSON endpoint that run-progress.js polls), resume, compare two runs, and the
read-only themes page."""
from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import BooleanField, IntegerField
from wtforms.validators import NumberRange, Optional

from app.consultations.views import visible_consultation
from app.domain_errors import DomainError
from app.forms_util import ConfirmForm, FiniteDecimalField, Form, attach_error, form_status
from app.inputs import id_arg
from app.permissions import refuse, require

from . import runs
from .permissions import can_run_analysis, can_view_runs, can_view_themes
from .views import bp


STAGE_LABELS = {"queued": _l("Waiting for a worker"), "themes": _l("Finding themes"),
                "duplicates": _l("Finding near-duplicates"), "opinion": _l("Finding opinion groups"),
                "triage": _l("Mandate triage"), "saving": _l("Saving the results"), "done": _l("Finished")}
STATUS_LABELS = {"queued": _l("queued"), "running": _l("running"), "interrupted": _l("interrupted"),
                 "done": _l("done"), "failed": _l("failed")}


def _state(run) -> dict:
    """The run's progress, with its stage and status in the reader's language."""
    state = runs.progress_of(run)
    return {**state, "stage_label": str(STAGE_LABELS.get(state["stage"], state["stage"])),
            "status_label": str(STATUS_LABELS[state["status"]])}


class RunForm(Form):
    """What a moderator may choose for a run; empty fields take the defaults."""
    k = IntegerField(_l("Number of themes"), validators=[Optional(), NumberRange(2, 60)],
                     description=_l("Leave empty to let the analysis choose the most reproducible number."))
    seed = IntegerField(_l("Random seed"), validators=[Optional(), NumberRange(0, 1_000_000)], default=0,
                        description=_l("The same seed on the same proposals gives the same themes."))
    duplicate_threshold = FiniteDecimalField(_l("Near-duplicate threshold"), places=2, default=0.8,
                                       validators=[Optional(), NumberRange(0.5, 1.0)],
                                       description=_l("How similar two texts must be (0.5 to 1) to count as copies."))
    use_feedback = BooleanField(_l("Use the feedback on each proposal to find its theme"))

    def parameters(self) -> dict:
        threshold = self.duplicate_threshold.data
        return {"k": self.k.data, "seed": self.seed.data,
                "duplicate_threshold": float(threshold) if threshold is not None else None,
                "use_feedback": self.use_feedback.data}


def _run(consultation, run_id: int):
    run = runs.run_of(consultation, run_id)
    if run is None:
        refuse(404)
    return run


@bp.route("/<int:consultation_id>/runs", methods=["GET", "POST"])
@login_required
def runs_page(consultation_id: int):
    consultation = visible_consultation(consultation_id)
    require(can_view_runs(current_user, consultation))
    form = RunForm()
    if request.method == "POST":
        require(can_run_analysis(current_user, consultation))
        if form.validate_on_submit():
            try:
                run = runs.start_run(consultation, current_user, form.parameters())
            except DomainError as error:
                attach_error(form, error)
            else:
                flash(_l("The analysis is queued. This page shows its progress."), "success")
                return redirect(url_for("insights.run_page", consultation_id=consultation.id, run_id=run.id))
    return render_template("insights/runs.html", consultation=consultation, form=form,
                           runs=runs.runs_of(consultation), status_of=runs.display_status,
                           status_labels=STATUS_LABELS, stage_labels=STAGE_LABELS,
                           active=runs.active_run(consultation)), form_status(form)


@bp.get("/<int:consultation_id>/runs/<int:run_id>")
@login_required
def run_page(consultation_id: int, run_id: int):
    consultation = visible_consultation(consultation_id)
    require(can_view_runs(current_user, consultation))
    run = _run(consultation, run_id)
    return render_template("insights/run.html", consultation=consultation, run=run, state=_state(run),
                           form=ConfirmForm(), stage_labels=STAGE_LABELS)


@bp.get("/<int:consultation_id>/runs/<int:run_id>/progress")
@login_required
def run_progress(consultation_id: int, run_id: int):
    consultation = visible_consultation(consultation_id)
    require(can_view_runs(current_user, consultation))
    response = jsonify(_state(_run(consultation, run_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:consultation_id>/runs/<int:run_id>/resume")
@login_required
def resume_run(consultation_id: int, run_id: int):
    consultation = visible_consultation(consultation_id)
    require(can_run_analysis(current_user, consultation))
    run = _run(consultation, run_id)
    if not ConfirmForm().validate_on_submit():
        refuse(400)
    runs.resume_run(run, current_user)
    flash(_l("The analysis is queued again; the stages it had finished are not redone."), "success")
    return redirect(url_for("insights.run_page", consultation_id=consultation.id, run_id=run.id))


@bp.get("/<int:consultation_id>/runs/compare")
@login_required
def compare_runs(consultation_id: int):
    consultation = visible_consultation(consultation_id)
    require(can_view_runs(current_user, consultation))
    first, second = id_arg("a"), id_arg("b")
    if first is None or second is None:
        refuse(400, _l("Choose two runs to compare."))
    before, after = _run(consultation, first), _run(consultation, second)
    if "snapshot" not in (before.summary or {}) or "snapshot" not in (after.summary or {}):
        refuse(409, _l("Only finished runs can be compared."))
    return render_template("insights/run_compare.html", consultation=consultation, before=before, after=after,
                           themes=runs.theme_titles(consultation, str(get_locale())),
                           changes=runs.compare(before, after))


@bp.get("/<int:consultation_id>/themes")
def themes_page(consultation_id: int):
    consultation = visible_consultation(consultation_id)
    require(can_view_themes(current_user, consultation))
    language = str(get_locale())
    return render_template("insights/themes.html", consultation=consultation, language=language,
                           themes=runs.readable_themes(consultation, language),
                           run=runs.latest_done_run(consultation))
