"""Proposal pages: submit, read, edit, withdraw, support, feedback, attachments, follow."""
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.caching import may_share, shared_page
from app.extensions import db, limit_posts
from app.forms_util import ConfirmForm, attach_error, form_status
from app.inputs import parse_id
from app.notifications import services as notifications
from app.permissions import refuse
from app.privacy import suppress

from .. import permissions as consultation_perms
from ..errors import ConsultationError
from ..phases import Action
from .. import queries as consultation_queries
from ..views import shared_key, visible_consultation
from . import attachments, queries, services
from . import permissions as perms
from .forms import EditProposalForm, FeedbackForm, ProposalForm, new_form_token
from .models import Attachment, Feedback, Proposal

bp = Blueprint("proposals", __name__, url_prefix="/consultations")
bp.add_app_template_global(new_form_token, "new_form_token")
bp.add_app_template_global(perms.is_author, "is_author")


def guard(allowed: bool, consultation, action: Action) -> None:
    """Refuse with the reason: 409 and the closing date for a phase, 403 for a person."""
    if not allowed:
        refuse(*consultation_perms.refusal(consultation, action, current_user))


def visible_proposal(proposal_id: int) -> Proposal:
    """The proposal with what its page shows (one query), or 404 for what the reader may not see."""
    proposal = queries.proposal_page(proposal_id)
    if proposal is None or not perms.can_view_proposal(current_user, proposal):
        refuse(404)
    return proposal


def proposal_to_act_on(proposal_id: int, load=queries.proposal_to_act_on) -> Proposal:
    """Like visible_proposal, loading only what a support or a reply needs (`load`: a reply also
    needs the author, whom it notifies)."""
    proposal = load(proposal_id)
    if proposal is None or not perms.can_view_proposal(current_user, proposal):
        refuse(404)
    return proposal



def uploads() -> Path:
    return Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")


@bp.route("/<int:consultation_id>/proposals/new", methods=["GET", "POST"])
@limit_posts("RATELIMIT_SUBMIT")
@login_required
def new_proposal(consultation_id: int):
    consultation = visible_consultation(consultation_id)
    guard(perms.can_submit_proposal(current_user, consultation), consultation, Action.SUBMIT_PROPOSAL)
    form = _proposal_form(ProposalForm(), consultation)
    if form.validate_on_submit():
        try:
            proposal = _save_new_proposal(form, consultation)
        except ConsultationError as error:
            attach_error(form, error)
        else:
            flash(_l("Your proposal is published."), "success")
            return redirect(url_for("proposals.proposal", proposal_id=proposal.id))
    return render_template("consultations/proposal_form.html", form=form, consultation=consultation,
                           proposal=None), form_status(form)


def _accredited_memberships():
    return [m for m in current_user.memberships if m.status == "active" and m.organisation.status == "accredited"]


def _proposal_form(form, consultation):
    form.category.choices = [("", "—")] + [(c, c) for c in consultation.categories]
    if getattr(form, "organisation", None) is not None:
        form.organisation.choices = [(0, str(_l("myself")))] + [
            (m.organisation_id, m.organisation.name) for m in _accredited_memberships()
            if m.organisation.council_id == consultation.council_id]
    return form


def _save_new_proposal(form, consultation) -> Proposal:
    organisation = next((m.organisation for m in _accredited_memberships()
                         if m.organisation_id == form.organisation.data), None)
    files = [(f.filename, f.read()) for f in form.attachments.data or [] if getattr(f, "filename", "")]
    return services.submit_proposal(current_user, consultation, title=form.title.data, body=form.body.data,
                                    category=form.category.data or "", organisation=organisation,
                                    show_as_organisation=form.show_as_organisation.data,
                                    language=form.language.data or None, form_token=form.form_token.data or None,
                                    files=files, folder=uploads())


@bp.get("/proposals/<int:proposal_id>")
def proposal(proposal_id: int):
    """Shared by anonymous visitors like the consultation page (same key, same freshness)."""
    def render():
        return _proposal_page(visible_proposal(proposal_id), FeedbackForm())[0]

    if not may_share(set()):
        return render()
    return shared_page(("proposal", proposal_id, *shared_key(consultation_queries.stamp(proposal_id=proposal_id))),
                       render)


def _proposal_page(item, feedback_form, status: int = 200):
    replies = queries.load_thread(item)
    k = item.consultation.council.k_anonymity
    return render_template("consultations/proposal.html", proposal=item, consultation=item.consultation,
                           feedback_form=feedback_form, form=ConfirmForm(),
                           threads=queries.feedback_threads(replies, current_user),
                           support_count=item.support_count,
                           supported=services.has_supported(current_user, item),
                           support_by_type=suppress(queries.support_counts(item), k), k=k,
                           following=notifications.is_following(current_user, proposal_id=item.id)), status


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_proposal(proposal_id: int):
    item = visible_proposal(proposal_id)
    guard(perms.can_edit_proposal(current_user, item), item.consultation, Action.EDIT_PROPOSAL)
    form = _proposal_form(EditProposalForm(obj=item), item.consultation)
    if form.validate_on_submit():
        try:
            services.edit_proposal(item, title=form.title.data, body=form.body.data, category=form.category.data or "",
                                   language=form.language.data or None)
        except ConsultationError as error:
            attach_error(form, error)
        else:
            flash(_l("Your changes are saved. The earlier version stays in the history."), "success")
            return redirect(url_for("proposals.proposal", proposal_id=item.id))
    return render_template("consultations/proposal_form.html", form=form, consultation=item.consultation,
                           proposal=item), form_status(form)


@bp.post("/proposals/<int:proposal_id>/withdraw")
@login_required
def withdraw(proposal_id: int):
    item = visible_proposal(proposal_id)
    guard(perms.can_withdraw_proposal(current_user, item), item.consultation, Action.WITHDRAW_PROPOSAL)
    if ConfirmForm().validate_on_submit():
        services.withdraw_proposal(item)
        flash(_l("Your proposal is withdrawn. It stays visible, marked as withdrawn."), "info")
    return redirect(url_for("proposals.proposal", proposal_id=item.id))


@bp.post("/proposals/<int:proposal_id>/support")
@login_required
def support(proposal_id: int):
    """Add a support; sent again (a double click, a retry), it changes nothing."""
    item = proposal_to_act_on(proposal_id)
    if not perms.can_support(current_user, item):
        refuse(*perms.support_refusal(current_user, item))
    if ConfirmForm().validate_on_submit() and services.support(current_user, item):
        flash(_l("Thank you: your support is counted."), "success")
    return redirect(url_for("proposals.proposal", proposal_id=item.id, _anchor="supports-title"))


@bp.post("/proposals/<int:proposal_id>/support/withdraw")
@login_required
def withdraw_support(proposal_id: int):
    """Take a support back while supports are open; sent again, it changes nothing."""
    item = proposal_to_act_on(proposal_id)
    guard(perms.can_withdraw_support(current_user, item), item.consultation, Action.SUPPORT)
    if ConfirmForm().validate_on_submit() and services.withdraw_support(current_user, item):
        flash(_l("Your support is withdrawn."), "info")
    return redirect(url_for("proposals.proposal", proposal_id=item.id, _anchor="supports-title"))


@bp.post("/proposals/<int:proposal_id>/feedback")
@limit_posts("RATELIMIT_SUBMIT")
@login_required
def feedback(proposal_id: int):
    item = proposal_to_act_on(proposal_id, queries.proposal_to_answer)
    guard(perms.can_give_feedback(current_user, item), item.consultation, Action.FEEDBACK)
    form = FeedbackForm()
    if not form.validate_on_submit():
        return _proposal_page(item, form, 422)
    services.add_feedback(current_user, item, form.body.data, form.stance.data, _parent(form.parent_id.data, item),
                          form_token=form.form_token.data or None)
    flash(_l("Your feedback is published."), "success")
    return redirect(url_for("proposals.proposal", proposal_id=item.id, _anchor="feedback"))


def _parent(raw, item) -> Feedback | None:
    """The reply's parent, given as a hidden field: absent, or an id of this proposal's feedback."""
    if not raw:
        return None
    parent = db.session.get(Feedback, parse_id(raw) or 0)
    if parent is None or parent.proposal_id != item.id or not parent.shown():
        refuse(400, _l("This reply does not belong to this proposal."))
    return parent


@bp.get("/proposals/<int:proposal_id>/attachments/<int:attachment_id>")
def attachment(proposal_id: int, attachment_id: int):
    item = visible_proposal(proposal_id)
    file = db.session.get(Attachment, attachment_id)
    if file is None or file.proposal_id != item.id:
        refuse(404)
    response = send_file(attachments.path_of(file, uploads()), mimetype=file.content_type, as_attachment=True,
                         download_name=file.filename)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.post("/proposals/<int:proposal_id>/follow")
@login_required
def follow_proposal(proposal_id: int):
    item = visible_proposal(proposal_id)
    if ConfirmForm().validate_on_submit():
        if notifications.is_following(current_user, proposal_id=item.id):
            notifications.unfollow(current_user, proposal_id=item.id)
        else:
            notifications.follow(current_user, proposal_id=item.id)
    return redirect(url_for("proposals.proposal", proposal_id=item.id))
