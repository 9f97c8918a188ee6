"""Accreditation of organisations by the council secretariat."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select

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


def set_accreditation(organisation: Organisation, status: Accreditation, reason: str) -> None:
    """pending → accredited → suspended (and back); suspending needs a reason the organisation can read."""
    if status not in ALLOWED[organisation.status]:
        raise ModerationError(_l("This organisation is already %(status)s.",
                                 status=STATUS_LABELS[organisation.status.value]))
    if status == Accreditation.SUSPENDED and not reason.strip():
        raise ModerationError(_l("Say why the organisation is suspended."), field="reason")
    organisation.status = status
    organisation.status_reason = reason.strip()
    organisation.status_changed_at = utcnow()


def accreditation_queue(council_ids: set[int] | None):
    """The organisations of the given councils (None: all), pending first, then by name."""
    pending_first = case((Organisation.status == Accreditation.PENDING, 0), else_=1)
    query = select(Organisation).order_by(pending_first, Organisation.name)
    return query if council_ids is None else query.where(Organisation.council_id.in_(council_ids))
