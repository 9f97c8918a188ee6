"""Consultation use cases: create, edit, calendar, phase override and phase announcements.

They change the session and raise ConsultationError; the request (or command) commits."""
import logging
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import audit, search
from app.clock import aware, utcnow
from app.extensions import db
from app.notifications import services as notifications
from app.notifications.models import Kind
from app.urls import site_path

from .errors import ConsultationError
from .labels import PHASE_LABELS
from .models import Consultation, PhaseWindow
from .phases import ORDER, Phase

log = logging.getLogger("majlis.consultations")


@notifications.describes(Kind.PHASE_CHANGED)
def _describe_phase_change(title: str, phase: str, **_ignored) -> str:
    return _("“%(title)s” is now in the phase: %(phase)s", title=title, phase=PHASE_LABELS[Phase(phase)])


def create_consultation(council, title: str, description: str = "", *, questions=(), categories=(),
                        language: str = "en", calendar: dict | None = None, **fields) -> Consultation:
    consultation = Consultation(council=council, title=title, description=description, questions=list(questions),
                                categories=list(categories), language=language, **fields)
    set_calendar(consultation, calendar or {})
    db.session.add(consultation)
    db.session.flush()
    search.index("consultation", consultation.id, title, description, language)
    return consultation


def update_consultation(consultation, calendar: dict, **fields) -> None:
    """Save the secretariat's edits, the calendar and the search index together."""
    for name, value in fields.items():
        setattr(consultation, name, value)
    set_calendar(consultation, calendar)
    search.index("consultation", consultation.id, consultation.title, consultation.description, consultation.language)


def calendar_around(phase: str, now=None, days: int = 14) -> dict:
    """A calendar (one phase every `days` days) in which `phase` is the current one: for demos and tests."""
    now = now or utcnow()
    position = ORDER.index(Phase(phase))
    return {p: now + timedelta(days=days * (i - position)) - timedelta(hours=1) for i, p in enumerate(ORDER)}


def set_calendar(consultation, calendar: dict) -> None:
    """Update the phase windows in place (a phase keeps its row), then check their order."""
    existing = {Phase(w.phase): w for w in consultation.phases}
    for phase, starts_at in calendar.items():
        if Phase(phase) in existing:
            existing[Phase(phase)].starts_at = starts_at
        else:
            consultation.phases.append(PhaseWindow(phase=Phase(phase), starts_at=starts_at))
    for phase, window in existing.items():
        if phase not in {Phase(p) for p in calendar}:
            consultation.phases.remove(window)
    check_calendar(consultation)


def check_calendar(consultation) -> None:
    windows = sorted(consultation.phases, key=lambda w: ORDER.index(Phase(w.phase)))
    starts = [aware(w.starts_at) for w in windows]
    if starts != sorted(starts):
        raise ConsultationError(_l("The phases must follow each other in time."), field="calendar", status=422)


def set_phase(consultation, phase: Phase | None, moderator=None) -> None:
    """Open or close a phase early (None returns to the calendar); logged, and followers are told."""
    phase = Phase(phase) if phase else None
    log.info("consultation %s: phase set to %s by user %s", consultation.id, phase or "calendar",
             getattr(moderator, "id", None))
    audit.record("consultation.phase_override", consultation, actor=moderator, council_id=consultation.council_id,
                 previous=consultation.phase_override.value if consultation.phase_override else None,
                 phase=phase.value if phase else None)
    consultation.phase_override = phase
    announce(consultation)


def announce(consultation) -> int:
    """Tell the followers of a consultation whose phase changed since the last announcement."""
    phase = consultation.current_phase
    if consultation.announced_phase == phase:
        return 0
    told = 0
    if consultation.announced_phase is not None:
        told = notifications.notify(
            notifications.followers(consultation_id=consultation.id), Kind.PHASE_CHANGED,
            {"title": consultation.title, "phase": phase.value},
            site_path("consultations.detail", consultation_id=consultation.id))
    consultation.announced_phase = phase
    return told


def announce_phase_changes() -> int:
    """For the periodic command: announce every consultation whose calendar moved it on."""
    return sum(announce(c) for c in db.session.scalars(select(Consultation)))
