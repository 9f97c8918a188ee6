"""Accreditation of organisations by the council secretariat: accredit, ask for more information (the
organisation edits and resubmits), reject, suspend. Every decision is kept in a history table, written
to the audit log and sent by e-mail to the representatives, each in their own language."""
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select

from app import audit
from app.clock import utcnow
from app.domain_errors import DomainError
from app.extensions import db
from app.mail import services as mail
from app.organisations.labels import STATUS_LABELS
from app.organisations.models import Accreditation, Organisation
from app.urls import public_url

from .models import AccreditationDecision, FundingKind, OrganisationFunding

A = Accreditation
ALLOWED = {
    A.PENDING: {A.ACCREDITED, A.NEEDS_INFO, A.REJECTED},
    A.NEEDS_INFO: {A.ACCREDITED, A.REJECTED},
    A.ACCREDITED: {A.SUSPENDED},
    A.SUSPENDED: {A.ACCREDITED, A.REJECTED},
    A.REJECTED: {A.ACCREDITED},  # a mistaken rejection can be corrected
}
NEEDS_REASON = {A.NEEDS_INFO, A.REJECTED, A.SUSPENDED}
REASON_PROMPTS = {
    A.NEEDS_INFO: _l("Say what the organisation should add or correct."),
    A.REJECTED: _l("Say why the organisation is rejected."),
    A.SUSPENDED: _l("Say why the organisation is suspended."),
}


class ModerationError(DomainError):
    pass


def set_accreditation(organisation: Organisation, status: Accreditation, reason: str, moderator=None) -> None:
    """Apply a decision the current status allows; refusals and suspensions need a reason the
    organisation can read. History row, audit entry and e-mails ride in the same transaction."""
    if status not in ALLOWED[organisation.status]:
        raise ModerationError(_l("This organisation is already %(status)s.",
                                 status=STATUS_LABELS[organisation.status.value]))
    reason = (reason or "").strip()
    if status in NEEDS_REASON and not reason:
        raise ModerationError(REASON_PROMPTS[status], field="reason")
    _change(organisation, status, reason, moderator)
    _tell_representatives(organisation, status, reason)


def _change(organisation: Organisation, status: Accreditation, reason: str, actor) -> None:
    previous = organisation.status
    organisation.status, organisation.status_reason, organisation.status_changed_at = status, reason, utcnow()
    db.session.add(AccreditationDecision(organisation_id=organisation.id, from_status=previous.value,
                                         to_status=status.value, reason=reason,
                                         decided_by_id=getattr(actor, "id", None)))
    audit.record(f"organisation.{status.value}", organisation, actor=actor, council_id=organisation.council_id,
                 previous=previous.value, reason=reason, name=organisation.name)


def resubmit(organisation: Organisation, representative) -> None:
    """The organisation has added what was asked: back to the secretariat's queue."""
    if organisation.status != A.NEEDS_INFO:
        raise ModerationError(_l("Only an organisation asked for more information can resubmit."))
    _change(organisation, A.PENDING, "", representative)


SUBJECTS = {
    A.ACCREDITED: _l("%(name)s is accredited"),
    A.NEEDS_INFO: _l("%(name)s: the secretariat asks for more information"),
    A.REJECTED: _l("%(name)s: accreditation refused"),
    A.SUSPENDED: _l("%(name)s is suspended"),
}


def _tell_representatives(organisation: Organisation, status: Accreditation, reason: str) -> None:
    """One e-mail per representative, written in their language."""
    link = public_url("organisations.detail", org_id=organisation.id)
    for person in organisation.representatives:
        with force_locale(person.language):
            subject = str(SUBJECTS[status]) % {"name": organisation.name}
            body = _("The council secretariat decided: %(status)s.", status=STATUS_LABELS[status.value])
            if reason:
                body += "\n\n" + _("Reason: %(reason)s", reason=reason)
            if status == A.NEEDS_INFO:
                body += "\n\n" + _("Edit the organisation's profile, then press “Send for review again”.")
            mail.queue(person.email, subject[:200], f"{body}\n\n{link}")


def history(organisation: Organisation):
    """Every decision on the organisation, newest first."""
    return db.session.scalars(select(AccreditationDecision).where(
        AccreditationDecision.organisation_id == organisation.id)
        .order_by(AccreditationDecision.created_at.desc(), AccreditationDecision.id.desc())).all()


def set_funding(organisation: Organisation, kinds: list[str], moderator=None) -> None:
    """The secretariat's reading of the declared funding sources, for the funding mix."""
    kinds = [k for k in FundingKind if k.value in set(kinds)]
    row = db.session.get(OrganisationFunding, organisation.id) or OrganisationFunding(organisation_id=organisation.id)
    if [str(k) for k in (row.kinds or [])] == [k.value for k in kinds]:
        return
    row.kinds, row.updated_at = [k.value for k in kinds], utcnow()
    db.session.add(row)
    audit.record("organisation.funding", organisation, actor=moderator, council_id=organisation.council_id,
                 kinds=row.kinds)


def funding_of(organisation_ids) -> dict[int, list[str]]:
    rows = db.session.scalars(select(OrganisationFunding).where(OrganisationFunding.organisation_id.in_(
        list(organisation_ids)))) if organisation_ids else []
    return {row.organisation_id: list(row.kinds or []) for row in rows}


def accreditation_queue(council_ids: set[int] | None):
    """The organisations of the given councils (None: all): waiting ones first, then by name."""
    waiting_first = case((Organisation.status == A.PENDING, 0), (Organisation.status == A.NEEDS_INFO, 1), else_=2)
    query = select(Organisation).order_by(waiting_first, Organisation.name)
    return query if council_ids is None else query.where(Organisation.council_id.in_(council_ids))
