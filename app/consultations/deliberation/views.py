"""Deliberation pages: voting one statement at a time, adding, seeding and moderating statements."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.extensions import db, limit_posts
from app.forms_util import ConfirmForm, form_status
from app.inputs import parse_id
from app.permissions import refuse, require

from ..phases import Action
from ..proposals.views import guard
from ..views import visible_consultation
from . import permissions as perms
from . import queries, services
from .forms import StatementForm, VoteForm
from .models import Statement, StatementStatus

bp = Blueprint("deliberation", __name__, url_prefix="/consultations")



@bp.route("/<int:consultation_id>/vote", methods=["GET", "POST"])
@login_required
def vote(consultation_id: int):
    consultation = visible_consultation(consultation_id)
    guard(perms.can_vote_in(current_user, consultation), consultation, Action.VOTE)
    form = VoteForm()
    if form.validate_on_submit():
        statement = db.session.get(Statement, parse_id(form.statement_id.data) or 0)
        if statement is None or statement.consultation_id != consultation.id:
            refuse(404)
        guard(perms.can_vote(current_user, statement, consultation), consultation, Action.VOTE)
        services.vote(current_user, statement, form.choice.data)
        return redirect(url_for("deliberation.vote", consultation_id=consultation.id))
    return _vote_page(consultation, form, StatementForm()), form_status(form)


def _vote_page(consultation, vote_form, statement_form):
    return render_template("consultations/vote.html", consultation=consultation, form=vote_form,
                           statement=db.session.scalar(queries.next_statement(consultation, current_user)),
                           statement_form=statement_form)


@bp.post("/<int:consultation_id>/statements")
@limit_posts("RATELIMIT_SUBMIT")
@login_required
def add_statement(consultation_id: int):
    consultation = visible_consultation(consultation_id)
    guard(perms.can_add_statement(current_user, consultation), consultation, Action.ADD_STATEMENT)
    form = StatementForm()
    if not form.validate_on_submit():
        return _vote_page(consultation, VoteForm(), form), 422
    statement = services.add_statement(current_user, consultation, form.text.data, form_token=form.form_token.data)
    flash(_l("Thank you. Your statement is published.") if statement.status == StatementStatus.APPROVED
          else _l("Thank you. Your statement will appear once a moderator approves it."), "success")
    return redirect(url_for("deliberation.vote", consultation_id=consultation.id))


@bp.post("/<int:consultation_id>/statements/seed")
@login_required
def seed_statement(consultation_id: int):
    consultation = visible_consultation(consultation_id)
    guard(perms.can_seed_statement(current_user, consultation), consultation, Action.SEED_STATEMENT)
    form = StatementForm()
    if form.validate_on_submit():
        services.add_statement(current_user, consultation, form.text.data, seeded=True,
                               form_token=form.form_token.data)
        flash(_l("The statement is added."), "success")
    return redirect(url_for("consultations.manage", consultation_id=consultation.id))


@bp.post("/statements/<int:statement_id>/<any(approve, reject):decision>")
@login_required
def moderate_statement(statement_id: int, decision: str):
    statement = db.get_or_404(Statement, statement_id)
    consultation = visible_consultation(statement.consultation_id)
    require(perms.can_moderate_statements(current_user, consultation))
    if ConfirmForm().validate_on_submit():
        services.moderate_statement(statement, approve=decision == "approve", moderator=current_user,
                                    council_id=consultation.council_id)
    return redirect(url_for("consultations.manage", consultation_id=consultation.id))
