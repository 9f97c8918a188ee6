"""The secretariat's import page: upload a CSV file, name its columns, see a preview and the errors,
then confirm. The confirmation is a second POST that reads the kept file and checks it all again;
a retried confirmation adds nothing twice (external ids are unique per consultation)."""
from functools import partial
from pathlib import Path

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.permissions import refuse, require
from app.unit_of_work import after_commit

from . import importing
from .errors import ConsultationError
from .import_forms import ConfirmImportForm, ImportForm
from .permissions import can_manage_consultation
from .views import bp, visible_consultation

SHOWN_ERRORS = 100


def _importable(consultation_id: int):
    """Only the secretariat of the consultation's council (and the admin) may import into it."""
    consultation = visible_consultation(consultation_id)
    require(can_manage_consultation(current_user, consultation))
    return consultation


def _uploads() -> Path:
    return Path(current_app.instance_path) / "imports"


@bp.route("/<int:consultation_id>/import", methods=["GET", "POST"])
@login_required
def import_proposals(consultation_id: int):
    consultation = _importable(consultation_id)
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(consultation, form, status=422 if form.is_submitted() else 200)
    data = form.file.data.read() if form.file.data else importing.load_upload(_uploads(), consultation.id,
                                                                             form.upload.data)
    if data is None:
        return _gone(consultation, form)
    if form.file.data:
        form.upload.data = importing.store_upload(_uploads(), consultation.id, data)
    result = importing.plan(consultation, importing.parse(data, form.columns()))
    return _page(consultation, form, result, status=422 if result.errors else 200)


@bp.post("/<int:consultation_id>/import/confirm")
@login_required
def confirm_import(consultation_id: int):
    consultation = _importable(consultation_id)
    confirm = ConfirmImportForm()
    if not confirm.validate_on_submit():
        refuse(400)
    form = ImportForm()  # the same columns and token, to show the page again if the file is refused now
    data = importing.load_upload(_uploads(), consultation.id, confirm.upload.data)
    if data is None:
        return _gone(consultation, form)
    result = importing.plan(consultation, importing.parse(data, confirm.columns()))
    try:
        outcome = importing.import_proposals(result, actor=current_user, source="import page")
    except ConsultationError as error:
        return _page(consultation, form, result, status=error.status, message=error.message)
    after_commit(partial(importing.discard_upload, _uploads(), consultation.id, confirm.upload.data))
    flash(_l("%(added)s proposals imported; %(already)s were already imported.", added=outcome.added,
             already=outcome.already), "success")
    return redirect(url_for("consultations.detail", consultation_id=consultation.id))


def _gone(consultation, form):
    """The kept file is gone: imported already (a retried confirmation) or older than a day."""
    form.upload.data = ""
    message = _l("This file is no longer kept: it was imported already, or sent more than a day ago. Send it "
                 "again: proposals already imported will not be added twice.")
    return _page(consultation, form, status=410, message=message)


def _page(consultation, form, result=None, *, status: int, message=None):
    if message:
        form.form_errors.append(str(message))
    confirm = ConfirmImportForm(formdata=None, data=form.data) if result is not None else None
    return render_template("consultations/import.html", consultation=consultation, form=form, result=result,
                           confirm=confirm, preview=importing.preview(result) if result and not result.errors else [],
                           shown_errors=SHOWN_ERRORS), status
