"""Accreditation of organisations by the council secretariat."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select

from app import audit
from app.clock import utcnow
from app.domain_errors import DomainError
from app.organisations.labels import STATUS_LABELS
from app.organisations.models import Accreditation, Organisation

ALLOWED = {
    Accreditation.PENDING: {Accreditation.ACCREDITED, Accreditation.SUSPENDED},
    Accreditation.ACCREDITED: {Accreditation.SUSPENDED},
    Accreditation.SUSPENDED: {Accreditation.ACCREDITED},
}


class ModerationError(DomainError):
    pass


def set_accreditation(organisation: Organisation, status: Accreditation, reason: str, moderator=None) -> None:
    """pending → accredited → suspended (and back); suspending needs a reason the organisation can read.
    The decision is written to the audit log in the same transaction."""
    if status not in ALLOWED[organisation.status]:
        raise ModerationError(_l("This organisation is already %(status)s.",
                                 status=STATUS_LABELS[organisation.status.value]))
    if status == Accreditation.SUSPENDED and not reason.strip():
        raise ModerationError(_l("Say why the organisation is suspended."), field="reason")
    previous = organisation.status
    organisation.status = status
    organisation.status_reason = reason.strip()
    organisation.status_changed_at = utcnow()
    audit.record(f"organisation.{status.value}", organisation, actor=moderator, council_id=organisation.council_id,
                 previous=previous.value, reason=organisation.status_reason, name=organisation.name)


def accreditation_queue(council_ids: set[int] | None):
    """The organisations of the given councils (None: all), pending first, then by name."""
    pending_first = case((Organisation.status == Accreditation.PENDING, 0), else_=1)
    query = select(Organisation).order_by(pending_first, Organisation.name)
    return query if council_ids is None else query.where(Organisation.council_id.in_(council_ids))
