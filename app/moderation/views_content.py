"""Reports, the moderation queue, hiding and restoring, and blocks."""
from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from app.accounts.models import User
from app.clock import utcnow
from app.consultations.permissions import can_view_consultation
from app.extensions import db, limiter
from app.forms_util import ConfirmForm, safe_next
from app.permissions import refuse, require

from . import reports
from .forms import BlockForm, DecisionForm
from .models import Block
from .permissions import can_moderate_council, can_report
from .views import bp, council_or_404

KINDS = "any(proposal, feedback, statement)"


def _item(kind: str, item_id: int):
    """The item if the reader may see its consultation at all (else 404)."""
    item = reports.load(kind, item_id)
    if item is None or not can_view_consultation(current_user, reports.consultation_of(item)):
        refuse(404)
    return item


@bp.post(f"/moderation/report/<{KINDS}:kind>/<int:item_id>")
@limiter.limit(lambda: current_app.config["RATELIMIT_SUBMIT"])
@login_required
def report(kind: str, item_id: int):
    item = _item(kind, item_id)
    require(can_report(current_user, item))
    if ConfirmForm().validate_on_submit():
        reports.report(current_user, item, request.form.get("reason", ""), request.form.get("details", ""))
        flash(_l("Thank you. The council's secretariat will look at it."), "success")
    return redirect(reports.link_of(item) if item.shown() else url_for("main.index"))


@bp.get("/moderation/councils/<int:council_id>/reports")
@login_required
def queue(council_id: int):
    council = council_or_404(council_id)
    return render_template("moderation/queue.html", council=council, queue=reports.queue({council.id}),
                           hidden=reports.hidden_items({council.id}),
                           blocks=db.session.scalars(reports.blocks({council.id})).all(),
                           form=DecisionForm(), block_form=BlockForm(formdata=None, until=utcnow() + timedelta(days=30)),
                           confirm=ConfirmForm())


def _moderated_item(kind: str, item_id: int):
    item = reports.load(kind, item_id)
    if item is None or not can_moderate_council(current_user, reports.consultation_of(item).council):
        refuse(404)
    return item


@bp.post(f"/moderation/content/<{KINDS}:kind>/<int:item_id>/<any(hide, restore):decision>")
@login_required
def decide(kind: str, item_id: int, decision: str):
    item = _moderated_item(kind, item_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        refuse(400)
    if decision == "hide":
        reports.hide(current_user, item, form.reason.data)
        flash(_l("Hidden. Its author can read your reason."), "success")
    else:
        reports.restore(current_user, item, form.reason.data)
        flash(_l("Shown, and its reports closed."), "success")
    return redirect(safe_next(request.form.get("next"),
                              url_for("moderation.queue", council_id=reports.council_of(item))))


@bp.post("/moderation/councils/<int:council_id>/blocks/<int:user_id>")
@login_required
def block(council_id: int, user_id: int):
    council = council_or_404(council_id)
    user = db.get_or_404(User, user_id)
    form = BlockForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "danger")
        return redirect(url_for("moderation.queue", council_id=council.id)), 303
    reports.block(current_user, council, user, form.until.data, form.reason.data)
    flash(_l("%(name)s cannot post on this council until the date given.", name=user.display_name), "success")
    return redirect(url_for("moderation.queue", council_id=council.id))


@bp.post("/moderation/blocks/<int:block_id>/lift")
@login_required
def lift(block_id: int):
    record = db.session.get(Block, block_id)
    if record is None:
        refuse(404)
    council = council_or_404(record.council_id)
    if ConfirmForm().validate_on_submit():
        reports.lift(current_user, record)
        flash(_l("The block is lifted."), "success")
    return redirect(url_for("moderation.queue", council_id=council.id))
