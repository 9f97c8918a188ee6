"""Fair selections: create (compute and commit), read, draw with the published value, download."""
from flask import Response, flash, json, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.extensions import db
from app.forms_util import attach_error, form_status
from app.permissions import refuse

from . import selections
from .forms import DrawForm, SelectionForm
from .models import Selection
from .views import bp, council_or_404


@bp.route("/moderation/councils/<int:council_id>/selections", methods=["GET", "POST"])
@login_required
def selections_page(council_id: int):
    council = council_or_404(council_id)
    form, conflicts = SelectionForm(), []
    if form.validate_on_submit():
        try:
            selection = selections.create(
                council, current_user, title=form.title.data, panel_size=form.panel_size.data,
                categories_csv=_text(form.categories.data), respondents_csv=_text(form.respondents.data),
                announcement=form.announcement.data)
        except selections.SelectionError as error:
            attach_error(form, error)
            conflicts = error.conflicts
        else:
            flash(_l("The lottery is computed. Publish its commitment before the value is known."), "success")
            return redirect(url_for("moderation.selection", selection_id=selection.id))
    listing = db.session.scalars(selections.of_councils({council.id})).all()
    return render_template("moderation/selections.html", council=council, form=form, selections=listing,
                           conflicts=conflicts), form_status(form)


def _text(upload) -> str:
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""


def _selection(selection_id: int) -> Selection:
    selection = db.session.get(Selection, selection_id)
    if selection is None:
        refuse(404)
    council_or_404(selection.council_id)
    return selection


@bp.route("/moderation/selections/<int:selection_id>", methods=["GET", "POST"])
@login_required
def selection(selection_id: int):
    item = _selection(selection_id)
    form = DrawForm()
    if item.drawn_at is None and form.validate_on_submit():
        try:
            selections.draw(item, form.public_value.data, current_user)
        except selections.SelectionError as error:
            attach_error(form, error)
        else:
            flash(_l("The panel is drawn."), "success")
            return redirect(url_for("moderation.selection", selection_id=item.id))
    return render_template("moderation/selection.html", selection=item, form=form,
                           volunteers=selections.volunteers(item)), form_status(form)


@bp.get("/moderation/selections/<int:selection_id>/lottery.json")
@login_required
def lottery(selection_id: int):
    item = _selection(selection_id)
    body = json.dumps({"commitment": item.commitment, "announcement": item.announcement, "lottery": item.lottery},
                      ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f"attachment; filename=selection-{item.id}-lottery.json"})
