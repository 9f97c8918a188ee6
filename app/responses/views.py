"""Pages of responses, commitments, accountability and "you said, we did".

The answering desk (/consultations/<id>/responses) is for the council's commissioners and secretariat;
a response page (/responses/<id>) is public once a version is published; the accountability page
(/councils/<id>/accountability) and "you said, we did" (/consultations/<id>/you-said-we-did) are public."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from app.consultations.proposals.forms import new_form_token
from app.consultations.proposals.models import Proposal
from app.consultations.views import visible_consultation
from app.councils.models import Council
from app.extensions import db
from app.forms_util import ConfirmForm, attach_error, form_status
from app.inputs import choice_arg, id_arg, text_arg
from app.insights.models import Theme
from app.moderation.visibility import is_visible
from app.permissions import refuse, require
from app.privacy import safe_total, suppress

from . import permissions as perms
from . import services, trail
from .forms import CommitmentForm, CommitmentUpdateForm, ResponseForm
from .models import Commitment, CommitmentStatus, Response, VersionStatus
from .queries import published

bp = Blueprint("responses", __name__)
bp.add_app_template_global(trail.proposal_trail, "proposal_trail")
bp.add_app_template_global(trail.my_organisations_proposals, "my_organisations_proposals")
bp.add_app_template_global(trail.activity_trails, "activity_trails")
bp.add_app_template_global(trail.my_organisations_proposal_count, "my_organisations_proposal_count")
bp.add_app_template_global(trail.my_organisations_page, "my_organisations_page")
bp.add_app_template_global(trail.ORGANISATION_ACTIVITY_LIMIT, "organisation_activity_limit")

STATUS_LABELS = {CommitmentStatus.PLANNED: _l("planned"), CommitmentStatus.IN_PROGRESS: _l("in progress"),
                 CommitmentStatus.DONE: _l("done"), CommitmentStatus.DROPPED: _l("dropped")}
VERSION_LABELS = {VersionStatus.DRAFT: _l("draft"), VersionStatus.IN_REVIEW: _l("waiting for review"),
                  VersionStatus.PUBLISHED: _l("published")}

MANDATE_LEVEL_LABELS = {"municipal": _l("municipal (the city can act)"), "shared": _l("shared with other authorities"),
                        "regional": _l("regional (outside the city's powers)"),
                        "national": _l("national (outside the city's powers)"), "undetermined": _l("undetermined")}


def mandate_level_label(level: str) -> str:
    return str(MANDATE_LEVEL_LABELS.get(level or "undetermined", level))


@bp.app_context_processor
def labels() -> dict:
    return {"response_decision_labels": services.DECISION_LABELS, "commitment_status_labels": STATUS_LABELS,
            "version_labels": VERSION_LABELS, "mandate_level_label": mandate_level_label}


def _response(response_id: int) -> tuple[Response, object]:
    """The response and its consultation, or 404 for what the reader may not see (a draft, a hidden
    proposal's answer, a consultation closed to them)."""
    response = db.session.get(Response, response_id)
    if response is None:
        refuse(404)
    consultation = visible_consultation(response.consultation_id)
    proposal = db.session.get(Proposal, response.proposal_id) if response.proposal_id else None
    if not perms.can_view_response(current_user, response, consultation, proposal):
        refuse(404)
    if published(response) is None and not perms.can_manage_responses(current_user, consultation):
        refuse(404)
    return response, consultation


def _language_choices(consultation) -> list[tuple[str, str]]:
    from app.i18n import language_name

    codes = list(dict.fromkeys([consultation.language, *(consultation.council.languages or []), "en", "fr", "ar"]))
    return [(code, language_name(code, capital=True)) for code in codes]


# The answering desk ------------------------------------------------------------------------------

@bp.get("/consultations/<int:consultation_id>/responses")
@login_required
def desk(consultation_id: int):
    consultation = visible_consultation(consultation_id)
    require(perms.can_manage_responses(current_user, consultation))
    return render_template("responses/desk.html", consultation=consultation, **trail.desk(consultation),
                           open_version=services.open_version, published=published)


def _target(consultation):
    """The theme or proposal named in the query string (exactly one, of this consultation), else 4xx."""
    theme_id, proposal_id = id_arg("theme"), id_arg("proposal")
    if (theme_id is None) == (proposal_id is None):
        refuse(400, _l("Answer either a theme or a proposal."))
    if theme_id is not None:
        theme = db.session.get(Theme, theme_id)
        if theme is None or theme.consultation_id != consultation.id or theme.retired_at is not None:
            refuse(404)
        return theme, None
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.consultation_id != consultation.id or not is_visible(proposal):
        refuse(404)
    return None, proposal


@bp.route("/consultations/<int:consultation_id>/responses/new", methods=["GET", "POST"])
@login_required
def new_response(consultation_id: int):
    consultation = visible_consultation(consultation_id)
    require(perms.can_draft_response(current_user, consultation))
    theme, proposal = _target(consultation)
    column = Response.theme_id if theme is not None else Response.proposal_id
    existing = db.session.scalar(select(Response).where(column == (theme or proposal).id))
    if existing is not None:
        return redirect(url_for("responses.edit_response", response_id=existing.id))
    form = ResponseForm()
    form.language.choices = _language_choices(consultation)
    if request.method == "GET":
        form.language.data = consultation.language
        form.referral_authority.data = trail.suggested_authority(proposal)
    if form.validate_on_submit():
        thread = services.thread_for(consultation, theme=theme, proposal=proposal)
        if _save(form, thread):
            flash(_l("Your draft is saved. Send it for review when it is ready."), "success")
            return redirect(url_for("responses.response", response_id=thread.id))
    return render_template("responses/form.html", form=form, consultation=consultation, theme=theme,
                           proposal=proposal, response=None, correcting=False), form_status(form)


def _save(form, thread) -> bool:
    try:
        services.save_draft(thread, current_user, decision=form.decision.data, reason=form.reason.data,
                            language=form.language.data, translations=form.translations(),
                            referral_authority=form.referral_authority.data or "",
                            correction_reason=form.correction_reason.data or "",
                            form_token=form.form_token.data or None)
    except services.ResponseError as error:
        attach_error(form, error)
        return False
    return True


@bp.route("/responses/<int:response_id>/edit", methods=["GET", "POST"])
@login_required
def edit_response(response_id: int):
    """Edit the open draft, or start a correction of the published answer (a new version)."""
    response, consultation = _response(response_id)
    require(perms.can_draft_response(current_user, consultation))
    current = services.open_version(response) or published(response)
    form = ResponseForm(obj=current if request.method == "GET" else None)
    form.language.choices = _language_choices(consultation)
    if request.method == "GET":
        form.form_token.data = new_form_token()  # not the version's own token (read from `obj`)
    if request.method == "GET" and current is not None:
        for lang, text in (current.translations or {}).items():
            if hasattr(form, f"translation_{lang}"):
                getattr(form, f"translation_{lang}").data = text
        form.correction_reason.data = current.correction_reason if current.status != VersionStatus.PUBLISHED else ""
    if form.validate_on_submit() and _save(form, response):
        flash(_l("Your draft is saved. Send it for review when it is ready."), "success")
        return redirect(url_for("responses.response", response_id=response.id))
    theme = db.session.get(Theme, response.theme_id) if response.theme_id else None
    proposal = db.session.get(Proposal, response.proposal_id) if response.proposal_id else None
    return render_template("responses/form.html", form=form, consultation=consultation, theme=theme,
                           proposal=proposal, response=response,
                           correcting=published(response) is not None), form_status(form)


@bp.post("/responses/<int:response_id>/submit")
@login_required
def submit(response_id: int):
    response, consultation = _response(response_id)
    require(perms.can_draft_response(current_user, consultation))
    if ConfirmForm().validate_on_submit():
        services.submit_for_review(response, current_user)
        flash(_l("Sent for review: a second commissioner or the secretariat can now publish it."), "success")
    return redirect(url_for("responses.response", response_id=response.id))


@bp.post("/responses/<int:response_id>/publish")
@login_required
def publish(response_id: int):
    """Sent twice (a double click), the second finds nothing in review and just shows the answer."""
    response, consultation = _response(response_id)
    version = services.open_version(response)
    if version is None and published(response) is not None:
        return redirect(url_for("responses.response", response_id=response.id))
    require(perms.can_review_response(current_user, version, consultation),
            _l("Someone other than the drafter must review and publish this answer."))
    if ConfirmForm().validate_on_submit():
        services.publish(response, current_user)
        flash(_l("The answer is published and the people concerned are told."), "success")
    return redirect(url_for("responses.response", response_id=response.id))


@bp.post("/responses/<int:response_id>/return")
@login_required
def return_to_draft(response_id: int):
    response, consultation = _response(response_id)
    require(perms.can_review_response(current_user, services.open_version(response), consultation))
    if ConfirmForm().validate_on_submit():
        services.return_to_draft(response, current_user)
        flash(_l("The answer is back to draft."), "info")
    return redirect(url_for("responses.response", response_id=response.id))


# The public response page, commitments -----------------------------------------------------------

@bp.get("/responses/<int:response_id>")
def response(response_id: int):
    found, consultation = _response(response_id)
    return _response_page(found, consultation, CommitmentForm(), None)


def _response_page(response, consultation, commitment_form, update_form, update_for: int | None = None,
                   status: int = 200):
    return render_template(
        "responses/response.html", response=response, consultation=consultation,
        **trail.response_view(response, consultation), commitment_form=commitment_form, update_form=update_form or CommitmentUpdateForm(), update_for=update_for,
        form=ConfirmForm()), status


@bp.post("/responses/<int:response_id>/commitments")
@login_required
def add_commitment(response_id: int):
    response, consultation = _response(response_id)
    require(perms.can_draft_response(current_user, consultation))
    form = CommitmentForm()
    if form.validate_on_submit():
        try:
            services.add_commitment(response, current_user, what=form.what.data, department=form.department.data,
                                    due_date=form.due_date.data)
        except services.ResponseError as error:
            attach_error(form, error)
        else:
            flash(_l("The commitment is added."), "success")
            return redirect(url_for("responses.response", response_id=response.id, _anchor="commitments"))
    return _response_page(response, consultation, form, None, status=422)


@bp.post("/commitments/<int:commitment_id>/update")
@login_required
def update_commitment(commitment_id: int):
    commitment = db.session.get(Commitment, commitment_id)
    if commitment is None:
        refuse(404)
    response, consultation = _response(commitment.response_id)
    require(perms.can_update_commitment(current_user, commitment))
    form = CommitmentUpdateForm()
    if form.validate_on_submit():
        try:
            services.update_commitment(commitment, current_user, status=form.status.data, body=form.body.data,
                                       form_token=form.form_token.data or None)
        except services.ResponseError as error:
            attach_error(form, error)
        else:
            flash(_l("The update is published."), "success")
            return redirect(url_for("responses.response", response_id=response.id,
                                    _anchor=f"commitment-{commitment.id}"))
    return _response_page(response, consultation, CommitmentForm(), form, update_for=commitment.id, status=422)


# Public overviews --------------------------------------------------------------------------------

@bp.get("/councils/<int:council_id>/accountability")
def accountability(council_id: int):
    """Every public commitment of a council, filtered by status, department, consultation or overdue."""
    council = db.session.get(Council, council_id)
    if council is None:
        refuse(404)
    status = choice_arg("status", CommitmentStatus)
    consultation_id = id_arg("consultation")
    overdue = choice_arg("overdue", ("1",)) == "1"
    department = text_arg("department", 160) or None
    rows, departments, consultations = trail.council_commitments(
        council, current_user, status=status, department=department, consultation_id=consultation_id,
        overdue=overdue)
    return render_template("responses/accountability.html", council=council, rows=rows, departments=departments,
                           consultations=consultations, filters={"status": status, "department": department,
                                                                 "consultation": consultation_id,
                                                                 "overdue": overdue})


@bp.get("/consultations/<int:consultation_id>/you-said-we-did")
def you_said_we_did(consultation_id: int):
    """The public, printable account of a consultation: the question, who took part, what they said,
    what the city decided and what it is doing."""
    from app.consultations import stats

    consultation = visible_consultation(consultation_id)
    k = consultation.council.k_anonymity
    counts = stats.participation([consultation])[consultation.id]
    report = trail.consultation_report(consultation)
    by_type = trail.participants_by_type(consultation)
    return render_template("responses/you_said_we_did.html", consultation=consultation, counts=counts, k=k,
                           who=suppress(by_type, k), authors=safe_total(sum(by_type.values()), k), **report)

