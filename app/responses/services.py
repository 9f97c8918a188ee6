"""Response use cases: draft, edit, submit for review, publish (by a second person), correct; commitments
and their dated public updates.

They change the session and raise ResponseError; the request commits (app/unit_of_work.py). Every
publication and every commitment status change is written to the audit log in the same transaction,
and a publication tells the people it concerns through the notifications service (in-app and outbox),
once each."""
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.clock import utcnow
from app.consultations.models import Consultation
from app.consultations.proposals.models import Proposal
from app.domain_errors import DomainError
from app.extensions import db
from app.i18n import isolate
from app.insights.models import Theme, ThemeMember
from app.moderation.visibility import visible
from app.notifications import services as notifications
from app.notifications.models import Kind
from app.organisations.models import Membership, MembershipStatus
from app.urls import site_path

from .models import (Commitment, CommitmentStatus, CommitmentUpdate, Decision, Response, ResponseVersion,
                     VersionStatus)
from .queries import published

DECISION_LABELS = {
    Decision.ACCEPTED: _l("accepted"), Decision.ACCEPTED_IN_PART: _l("accepted in part"),
    Decision.UNDER_STUDY: _l("under study"), Decision.NOT_ACCEPTED: _l("not accepted"),
    Decision.OUTSIDE_MANDATE: _l("outside the municipal mandate"),
}


class ResponseError(DomainError):
    pass


@notifications.describes(Kind.RESPONSE_PUBLISHED)
def _describe_publication(title: str, decision: str, corrected: bool = False, **_ignored) -> str:
    label = str(DECISION_LABELS.get(decision, decision))
    if corrected:
        return _("The city corrected its answer to “%(title)s”: %(decision)s", title=isolate(title), decision=label)
    return _("The city answered “%(title)s”: %(decision)s", title=isolate(title), decision=label)


# Reading helpers ---------------------------------------------------------------------------------

def open_version(response: Response) -> ResponseVersion | None:
    """The version being written or reviewed (at most one at a time), if any."""
    return next((v for v in response.versions if v.status != VersionStatus.PUBLISHED), None)


def council_id_of(response: Response) -> int:
    return db.session.get(Consultation, response.consultation_id).council_id


def target_title(response: Response) -> str:
    if response.theme_id is not None:
        return db.session.get(Theme, response.theme_id).title
    return db.session.get(Proposal, response.proposal_id).title


def affected_proposals(response: Response) -> list[Proposal]:
    """The visible proposals a response applies to: every member of its theme, or its one proposal."""
    if response.theme_id is not None:
        query = select(Proposal).join(ThemeMember, ThemeMember.proposal_id == Proposal.id) \
            .where(ThemeMember.theme_id == response.theme_id)
    else:
        query = select(Proposal).where(Proposal.id == response.proposal_id)
    return list(db.session.scalars(visible(query.order_by(Proposal.id))))


# Drafting ----------------------------------------------------------------------------------------

def _check_wording(decision: str, reason: str, referral_authority: str) -> Decision:
    try:
        chosen = Decision(decision)
    except ValueError:
        raise ResponseError(_l("Choose a decision from the list."), field="decision", status=422) from None
    if not (reason or "").strip():
        raise ResponseError(_l("Give the reason in plain language."), field="reason", status=422)
    if chosen == Decision.OUTSIDE_MANDATE and not (referral_authority or "").strip():
        raise ResponseError(_l("Name the authority the request is referred to."), field="referral_authority",
                            status=422)
    return chosen


def _clean_translations(translations: dict | None, language: str) -> dict:
    return {lang: text.strip() for lang, text in (translations or {}).items()
            if text and text.strip() and lang != language}


def thread_for(consultation: Consultation, theme: Theme | None = None, proposal: Proposal | None = None) -> Response:
    """The response thread of a theme or a proposal of this consultation, created on first use (once,
    even when two commissioners start at the same moment)."""
    if (theme is None) == (proposal is None):
        raise ResponseError(_l("Answer either a theme or a proposal."), status=400)
    target = theme or proposal
    if target.consultation_id != consultation.id:
        raise ResponseError(_l("This does not belong to this consultation."), status=404)
    column = Response.theme_id if theme is not None else Response.proposal_id
    found = db.session.scalar(select(Response).where(column == target.id))
    if found is not None:
        return found
    thread = Response(consultation_id=consultation.id, theme_id=getattr(theme, "id", None),
                      proposal_id=getattr(proposal, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(thread)
    except IntegrityError:
        return db.session.scalar(select(Response).where(column == target.id))
    return thread


def save_draft(response: Response, author, *, decision: str, reason: str, language: str,
               translations: dict | None = None, referral_authority: str = "", correction_reason: str = "",
               form_token: str | None = None) -> ResponseVersion:
    """Write the open draft (a new version when there is none). After a publication, a new version is a
    correction and needs its reason. Editing a draft sent for review takes it back to draft: the person
    who wrote the words last is its drafter, and someone else must review it."""
    if form_token and (twin := db.session.scalar(select(ResponseVersion)
                                                 .where(ResponseVersion.form_token == form_token))):
        return twin
    chosen = _check_wording(decision, reason, referral_authority)
    has_published = published(response) is not None
    if has_published and not (correction_reason or "").strip():
        raise ResponseError(_l("Say why the published answer is corrected."), field="correction_reason", status=422)
    version = open_version(response)
    if version is None:
        version = ResponseVersion(number=len(response.versions) + 1, decision=chosen, reason="",
                                  form_token=form_token)
        response.versions.append(version)
    version.status = VersionStatus.DRAFT
    version.decision = chosen
    version.reason = reason.strip()
    version.language = language or "en"
    version.translations = _clean_translations(translations, version.language)
    version.referral_authority = (referral_authority or "").strip() if chosen == Decision.OUTSIDE_MANDATE else ""
    version.correction_reason = (correction_reason or "").strip() if has_published else ""
    version.drafted_by_id = author.id
    version.reviewed_by_id, version.submitted_at = None, None
    db.session.flush()
    return version


def submit_for_review(response: Response, actor) -> ResponseVersion:
    version = open_version(response)
    if version is None or version.status != VersionStatus.DRAFT:
        raise ResponseError(_l("There is no draft to send for review."), status=409)
    version.status = VersionStatus.IN_REVIEW
    version.submitted_at = utcnow()
    return version


def return_to_draft(response: Response, actor) -> ResponseVersion:
    """A reviewer sends the wording back to its drafter instead of publishing it."""
    version = _in_review(response)
    version.status = VersionStatus.DRAFT
    version.submitted_at = None
    return version


def _in_review(response: Response) -> ResponseVersion:
    version = open_version(response)
    if version is None or version.status != VersionStatus.IN_REVIEW:
        raise ResponseError(_l("There is no answer waiting for review."), status=409)
    return version


def publish(response: Response, reviewer) -> ResponseVersion:
    """Publish the version in review: frozen from now on, recorded in the audit log, announced to the
    authors of the proposals it answers, their organisations and the followers (each once)."""
    version = _in_review(response)
    if version.drafted_by_id == reviewer.id:
        raise ResponseError(_l("Someone other than the drafter must review and publish this answer."), status=403)
    corrected = published(response) is not None
    version.status = VersionStatus.PUBLISHED
    version.reviewed_by_id = reviewer.id
    version.published_at = utcnow()
    council_id = council_id_of(response)
    record("response.corrected" if corrected else "response.published", version, actor=reviewer,
           council_id=council_id, response_id=response.id, number=version.number, decision=version.decision.value,
           drafted_by=version.drafted_by_id)
    _bump(response.consultation_id)
    _announce(response, version, corrected)
    return version


def _announce(response: Response, version: ResponseVersion, corrected: bool) -> int:
    """One notification per person, however many of the answered proposals they wrote or follow."""
    proposals = affected_proposals(response)
    return notifications.notify(recipients(response, proposals), Kind.RESPONSE_PUBLISHED,
                                {"title": target_title(response), "decision": version.decision.value,
                                 "corrected": corrected},
                                site_path("responses.response", response_id=response.id),
                                subject=("response", response.id))


def recipients(response: Response, proposals: list[Proposal]) -> list:
    """Authors, the active members of their organisations, the followers of those proposals and of the
    consultation (notify() keeps one of each person)."""
    people = [p.author for p in proposals]
    organisation_ids = {p.organisation_id for p in proposals if p.organisation_id}
    if organisation_ids:
        people += [m.user for m in db.session.scalars(select(Membership).where(
            Membership.organisation_id.in_(organisation_ids), Membership.status == MembershipStatus.ACTIVE))]
    for proposal in proposals:
        people += notifications.followers(proposal_id=proposal.id)
    people += notifications.followers(consultation_id=response.consultation_id)
    return people


def _bump(consultation_id: int) -> None:
    """What the consultation's public pages show changed: cached anonymous pages must not be served."""
    db.session.execute(update(Consultation).where(Consultation.id == consultation_id)
                       .values(revision=Consultation.revision + 1).execution_options(synchronize_session=False))


# Commitments -------------------------------------------------------------------------------------

def add_commitment(response: Response, actor, *, what: str, department: str, due_date: date) -> Commitment:
    """A commitment of the city on this response; the same one sent twice (a retried form) is kept once."""
    what, department = (what or "").strip(), (department or "").strip()
    if not what:
        raise ResponseError(_l("Say what the city will do."), field="what", status=422)
    if not department:
        raise ResponseError(_l("Name the department in charge."), field="department", status=422)
    if not isinstance(due_date, date):
        raise ResponseError(_l("Give a due date."), field="due_date", status=422)
    twin = next((c for c in response.commitments
                 if c.what == what and c.department == department and c.due_date == due_date), None)
    if twin is not None:
        return twin
    council_id = council_id_of(response)
    commitment = Commitment(council_id=council_id, what=what, department=department, due_date=due_date)
    response.commitments.append(commitment)
    db.session.flush()
    record("commitment.added", commitment, actor=actor, council_id=council_id, response_id=response.id,
           due_date=due_date.isoformat())
    _bump(response.consultation_id)
    return commitment


def update_commitment(commitment: Commitment, actor, *, status: str, body: str = "",
                      form_token: str | None = None) -> CommitmentUpdate:
    """A dated public update, moving the commitment to `status`; dropping one needs its reason."""
    if form_token and (twin := db.session.scalar(select(CommitmentUpdate)
                                                 .where(CommitmentUpdate.form_token == form_token))):
        return twin
    try:
        chosen = CommitmentStatus(status)
    except ValueError:
        raise ResponseError(_l("Choose a status from the list."), field="status", status=422) from None
    body = (body or "").strip()
    if chosen == CommitmentStatus.DROPPED and not body:
        raise ResponseError(_l("Say why the commitment is dropped."), field="body", status=422)
    if chosen == commitment.status and not body:
        raise ResponseError(_l("Write what changed."), field="body", status=422)
    previous = commitment.status
    commitment.status = chosen
    commitment.status_reason = body if chosen == CommitmentStatus.DROPPED else ""
    entry = CommitmentUpdate(status=chosen, body=body, author_id=actor.id, form_token=form_token)
    commitment.updates.append(entry)
    db.session.flush()
    record("commitment.status", commitment, actor=actor, council_id=commitment.council_id,
           previous=previous.value if previous else None, status=chosen.value)
    _bump(commitment.response.consultation_id)
    return entry
