"""Consultation pages: list, consultation, proposals, feedback, supports, statements and voting."""
import secrets

from flask import (Blueprint, current_app, flash, redirect, render_template, request, send_file, session,
                   url_for)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from sqlalchemy import select

from app.councils.models import Council
from app.extensions import db, limiter
from app.forms_util import attach_error, form_status
from app.organisations.forms import ConfirmForm
from app.permissions import refuse, require

from . import attachments, queries, search, services
from . import permissions as perms
from .forms import EditProposalForm, FeedbackForm, ProposalForm, StatementForm, VoteForm
from .labels import labels
from .models import Attachment, Consultation, Feedback, Proposal, Statement
from .phases import ORDER, Action
from .sanitise import render

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
bp.app_context_processor(labels)
bp.app_template_filter("markdown")(render)


def guard(allowed: bool, consultation, action: Action) -> None:
    """Refuse with the reason: 409 and the closing date for a phase, 403 for a person."""
    if not allowed:
        refuse(*perms.refusal(consultation, action, current_user))


def _consultation(consultation_id: int) -> Consultation:
    consultation = db.get_or_404(Consultation, consultation_id)
    require(perms.can_view_consultation(current_user, consultation))
    return consultation


def _proposal(proposal_id: int) -> Proposal:
    proposal = db.get_or_404(Proposal, proposal_id)
    require(perms.can_view_consultation(current_user, proposal.consultation))
    return proposal


def _base_url() -> str:
    return request.host_url.rstrip("/")


@bp.get("/")
def index():
    council, phase = request.args.get("council", type=int), request.args.get("phase")
    visible = [c for c in db.session.scalars(queries.consultations(council))
               if perms.can_view_consultation(current_user, c) and (not phase or c.current_phase == phase)]
    councils = db.session.scalars(select(Council).order_by(Council.name)).all()
    return render_template("consultations/index.html", consultations=visible, phase=phase, phases=ORDER,
                           councils=councils, council=council)


@bp.get("/<int:consultation_id>")
def detail(consultation_id: int):
    consultation = _consultation(consultation_id)
    filters = {key: request.args.get(key) or None for key in ("category", "language", "organisation_type")}
    sort = request.args.get("sort") if request.args.get("sort") in queries.SORTS else "newest"
    seed = session.setdefault("shuffle_seed", secrets.token_hex(4))  # a stable random order for this visitor
    page = db.paginate(queries.proposals(consultation, sort, seed=seed, **filters), per_page=20)
    return render_template("consultations/detail.html", consultation=consultation, page=page, sort=sort,
                           filters=filters, phases=ORDER, form=ConfirmForm(),
                           following=services.is_following(current_user, consultation=consultation))


def _limited():
    """Submissions are rate-limited per client, like sign-in (spam and flooding)."""
    return limiter.limit(lambda: current_app.config["RATELIMIT_SUBMIT"], methods=["POST"])


@bp.route("/<int:consultation_id>/proposals/new", methods=["GET", "POST"])
@_limited()
@login_required
def new_proposal(consultation_id: int):
    consultation = _consultation(consultation_id)
    guard(perms.can_submit_proposal(current_user, consultation), consultation, Action.SUBMIT_PROPOSAL)
    form = _proposal_form(ProposalForm(), consultation)
    if form.validate_on_submit():
        try:
            proposal = _save_new_proposal(form, consultation)
        except services.ConsultationError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_l("Your proposal is published."), "success")
            return redirect(url_for("consultations.proposal", proposal_id=proposal.id))
    return render_template("consultations/proposal_form.html", form=form, consultation=consultation,
                           proposal=None), form_status(form)


def _proposal_form(form, consultation):
    form.category.choices = [("", "—")] + [(c, c) for c in consultation.categories]
    if getattr(form, "organisation", None) is not None:
        form.organisation.choices = [(0, str(_l("myself")))] + [
            (m.organisation_id, m.organisation.name) for m in current_user.memberships
            if m.status == "active" and m.organisation.status == "accredited"]
    return form


def _save_new_proposal(form, consultation) -> Proposal:
    organisation = next((m.organisation for m in current_user.memberships
                         if m.organisation_id == form.organisation.data and m.status == "active"), None)
    files = [(f.filename, f.read()) for f in form.attachments.data or [] if getattr(f, "filename", "")]
    for name, data in files:  # refuse a bad file before anything is saved
        attachments.check(data, name)
    proposal = services.submit_proposal(current_user, consultation, title=form.title.data, body=form.body.data,
                                        category=form.category.data or "", organisation=organisation,
                                        show_as_organisation=form.show_as_organisation.data,
                                        language=form.language.data or None, form_token=form.form_token.data)
    if files and not proposal.attachments:
        attachments.store(proposal, files, _uploads())
    return proposal


def _uploads():
    from pathlib import Path

    return Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")


@bp.get("/proposals/<int:proposal_id>")
def proposal(proposal_id: int):
    return _proposal_page(_proposal(proposal_id), FeedbackForm())


def _proposal_page(item, feedback_form, status: int = 200):
    return render_template("consultations/proposal.html", proposal=item, consultation=item.consultation,
                           feedback_form=feedback_form, form=ConfirmForm(),
                           support_count=services.support_count(item), support_by_type=queries.support_counts(item),
                           following=services.is_following(current_user, proposal=item)), status


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_proposal(proposal_id: int):
    item = _proposal(proposal_id)
    guard(perms.can_edit_proposal(current_user, item), item.consultation, Action.EDIT_PROPOSAL)
    form = _proposal_form(EditProposalForm(obj=item), item.consultation)
    if form.validate_on_submit():
        try:
            services.edit_proposal(item, title=form.title.data, body=form.body.data, category=form.category.data or "",
                                   language=form.language.data or None)
        except services.ConsultationError as error:
            attach_error(form, error)
        else:
            flash(_l("Your changes are saved. The earlier version stays in the history."), "success")
            return redirect(url_for("consultations.proposal", proposal_id=item.id))
    return render_template("consultations/proposal_form.html", form=form, consultation=item.consultation,
                           proposal=item), form_status(form)


@bp.post("/proposals/<int:proposal_id>/withdraw")
@login_required
def withdraw(proposal_id: int):
    item = _proposal(proposal_id)
    guard(perms.can_withdraw_proposal(current_user, item), item.consultation, Action.WITHDRAW_PROPOSAL)
    if ConfirmForm().validate_on_submit():
        services.withdraw_proposal(item)
        flash(_l("Your proposal is withdrawn. It stays visible, marked as withdrawn."), "info")
    return redirect(url_for("consultations.proposal", proposal_id=item.id))


@bp.post("/proposals/<int:proposal_id>/support")
@login_required
def support(proposal_id: int):
    item = _proposal(proposal_id)
    guard(perms.can_support(current_user, item), item.consultation, Action.SUPPORT)
    if ConfirmForm().validate_on_submit() and services.support(current_user, item):
        flash(_l("Thank you: your support is counted."), "success")
    return redirect(url_for("consultations.proposal", proposal_id=item.id))


@bp.post("/proposals/<int:proposal_id>/feedback")
@_limited()
@login_required
def feedback(proposal_id: int):
    item = _proposal(proposal_id)
    guard(perms.can_give_feedback(current_user, item), item.consultation, Action.FEEDBACK)
    form = FeedbackForm()
    if not form.validate_on_submit():
        return _proposal_page(item, form, 422)
    parent = db.session.get(Feedback, int(form.parent_id.data)) if (form.parent_id.data or "").isdigit() else None
    try:
        services.add_feedback(current_user, item, form.body.data, form.stance.data, parent, _base_url())
    except services.ConsultationError as error:
        refuse(error.status, error.message)
    flash(_l("Your reply is published."), "success")
    return redirect(url_for("consultations.proposal", proposal_id=item.id, _anchor="feedback"))


@bp.get("/proposals/<int:proposal_id>/attachments/<int:attachment_id>")
def attachment(proposal_id: int, attachment_id: int):
    item = _proposal(proposal_id)
    file = db.get_or_404(Attachment, attachment_id)
    if file.proposal_id != item.id:
        refuse(404)
    response = send_file(attachments.path_of(file, _uploads()), mimetype=file.content_type, as_attachment=True,
                         download_name=file.filename)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.post("/<int:consultation_id>/follow")
@login_required
def follow(consultation_id: int):
    consultation = _consultation(consultation_id)
    if ConfirmForm().validate_on_submit():
        toggle = services.unfollow if services.is_following(current_user, consultation=consultation) \
            else services.follow
        toggle(current_user, consultation=consultation)
    return redirect(url_for("consultations.detail", consultation_id=consultation.id))


@bp.post("/proposals/<int:proposal_id>/follow")
@login_required
def follow_proposal(proposal_id: int):
    item = _proposal(proposal_id)
    if ConfirmForm().validate_on_submit():
        toggle = services.unfollow if services.is_following(current_user, proposal=item) else services.follow
        toggle(current_user, proposal=item)
    return redirect(url_for("consultations.proposal", proposal_id=item.id))


@bp.route("/<int:consultation_id>/vote", methods=["GET", "POST"])
@login_required
def vote(consultation_id: int):
    consultation = _consultation(consultation_id)
    guard(perms.can_vote_in(current_user, consultation), consultation, Action.VOTE)
    form = VoteForm()
    if form.validate_on_submit():
        statement = db.get_or_404(Statement, int(form.statement_id.data))
        if statement.consultation_id != consultation.id:
            refuse(404)
        guard(perms.can_vote(current_user, statement, consultation), consultation, Action.VOTE)
        services.vote(current_user, statement, form.choice.data)
        return redirect(url_for("consultations.vote", consultation_id=consultation.id))
    statement = db.session.scalar(queries.next_statement(consultation, current_user))
    return render_template("consultations/vote.html", consultation=consultation, statement=statement,
                           form=form, statement_form=StatementForm()), form_status(form)


@bp.post("/<int:consultation_id>/statements")
@_limited()
@login_required
def add_statement(consultation_id: int):
    consultation = _consultation(consultation_id)
    guard(perms.can_add_statement(current_user, consultation), consultation, Action.ADD_STATEMENT)
    form = StatementForm()
    if not form.validate_on_submit():
        return render_template("consultations/vote.html", consultation=consultation, form=VoteForm(),
                               statement=db.session.scalar(queries.next_statement(consultation, current_user)),
                               statement_form=form), 422
    statement = services.add_statement(current_user, consultation, form.text.data)
    flash(_l("Thank you. Your statement is published.") if statement.status == "approved"
          else _l("Thank you. Your statement will appear once a moderator approves it."), "success")
    back = "consultations.vote" if perms.can_vote_in(current_user, consultation) else "consultations.manage"
    return redirect(url_for(back, consultation_id=consultation.id))


@bp.get("/mine")
@login_required
def mine():
    return render_template("consultations/mine.html",
                           proposals=db.session.scalars(queries.my_proposals(current_user)).all(),
                           feedback=db.session.scalars(queries.my_feedback(current_user)).all())


@bp.get("/search")
def search_page():
    """Results the reader may see, best first, across consultations, proposals and feedback."""
    from flask_babel import get_locale

    query = (request.args.get("q") or "").strip()[:200]
    hits = queries.visible_hits(search.search(query, str(get_locale())), current_user) if query else []
    return render_template("consultations/search.html", query=query, hits=hits)
