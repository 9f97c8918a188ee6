"""Translatable names of phases, stances and choices, for forms and pages."""
from flask_babel import lazy_gettext as _l

from .phases import Phase

PHASE_LABELS = {
    Phase.DRAFT: _l("draft"), Phase.OPEN: _l("open for proposals"), Phase.DELIBERATION: _l("deliberation"),
    Phase.ANALYSIS: _l("analysis"), Phase.RESPONSE: _l("response"), Phase.FOLLOW_UP: _l("follow-up"),
    Phase.CLOSED: _l("closed"),
}
STANCE_LABELS = {"supports": _l("supports"), "opposes": _l("opposes"), "neutral": _l("neutral"),
                 "question": _l("question")}
SORT_LABELS = {"newest": _l("newest"), "supported": _l("most supported"), "random": _l("random")}
VOTE_LABELS = {"agree": _l("Agree"), "disagree": _l("Disagree"), "pass": _l("Pass / unsure")}


def labels() -> dict:
    return {"phase_labels": PHASE_LABELS, "stance_labels": STANCE_LABELS, "sort_labels": SORT_LABELS,
            "vote_labels": VOTE_LABELS}
