"""Translatable names of phases, stages, stances and choices, for forms and pages."""
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from .phases import Phase, Stage

PHASE_LABELS = {
    Phase.DRAFT: _l("draft"), Phase.OPEN: _l("open for proposals"), Phase.DELIBERATION: _l("deliberation"),
    Phase.ANALYSIS: _l("analysis"), Phase.RESPONSE: _l("response"), Phase.FOLLOW_UP: _l("follow-up"),
    Phase.CLOSED: _l("closed"),
}
# What happens in each phase, in one sentence (the home page's "how it works", the consultation page).
PHASE_EXPLANATIONS = {
    Phase.DRAFT: _l("The council's secretariat prepares the questions and the calendar."),
    Phase.OPEN: _l("Accredited organisations and council members send proposals, comment on them and support them."),
    Phase.DELIBERATION: _l("No new proposals: participants discuss, support, and vote agree, disagree or pass on "
                           "short statements."),
    Phase.ANALYSIS: _l("Input is closed. The secretariat groups the proposals into themes and prepares a briefing "
                       "for the city."),
    Phase.RESPONSE: _l("The city answers every proposal publicly: accepted, under study, not accepted, or outside "
                       "its powers."),
    Phase.FOLLOW_UP: _l("The city reports on what it committed to do, step by step."),
    Phase.CLOSED: _l("The consultation is over. Everything stays public."),
}
STAGE_LABELS = {Stage.OPEN: _l("Open now"), Stage.UPCOMING: _l("Not published yet"),
                Stage.ANSWERING: _l("Input closed: the city is answering"), Stage.CLOSED: _l("Closed")}
# Where a consultation stands, with the date its current phase ends (the next phase of the calendar).
PHASE_DEADLINES = {
    Phase.DRAFT: _l("Opens on %(date)s"),
    Phase.OPEN: _l("Proposals until %(date)s"),
    Phase.DELIBERATION: _l("Discussion and voting until %(date)s"),
    Phase.ANALYSIS: _l("Proposals are closed; the city's answers are due on %(date)s"),
    Phase.RESPONSE: _l("The city is answering; the follow-up starts on %(date)s"),
    Phase.FOLLOW_UP: _l("Follow-up until %(date)s"),
}
STANCE_LABELS = {"supports": _l("supports"), "opposes": _l("opposes"), "neutral": _l("neutral"),
                 "question": _l("question")}
SORT_LABELS = {"newest": _l("newest"), "supported": _l("most supported"), "random": _l("random")}
VOTE_LABELS = {"agree": _l("Agree"), "disagree": _l("Disagree"), "pass": _l("Pass / unsure")}


def phase_status(consultation) -> str:
    """'Proposals until 12 March 2027', or the phase's name when the calendar gives no date."""
    phase, change = consultation.current_phase, consultation.next_change()
    if phase == Phase.CLOSED and consultation.window(Phase.CLOSED):
        return str(_l("Closed on %(date)s", date=format_date(consultation.window(Phase.CLOSED).starts_at, "long")))
    if change is not None and phase in PHASE_DEADLINES:
        return str(PHASE_DEADLINES[phase] % {"date": format_date(change.starts_at, "long")})
    label = str(PHASE_LABELS[phase])
    return label[:1].upper() + label[1:]


def labels() -> dict:
    return {"phase_status": phase_status, "phase_labels": PHASE_LABELS, "phase_explanations": PHASE_EXPLANATIONS,
            "stage_labels": STAGE_LABELS, "stance_labels": STANCE_LABELS, "sort_labels": SORT_LABELS,
            "vote_labels": VOTE_LABELS}
