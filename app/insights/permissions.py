"""Who may run the analysis of a consultation, follow its runs, and read its themes."""
from app.consultations.permissions import can_view_consultation
from app.consultations.phases import ORDER, Phase
from app.councils.roles import commissions, moderates
from app.permissions import permission


@permission
def can_run_analysis(user, consultation) -> bool:
    """Start or resume a run: the secretariat of the consultation's council."""
    return moderates(user, consultation.council_id)


@permission
def can_view_runs(user, consultation) -> bool:
    """Runs, their parameters, versions and errors: the secretariat and the city's commissioners."""
    return moderates(user, consultation.council_id) or commissions(user, consultation.council_id)


def in_analysis_or_later(consultation) -> bool:
    return ORDER.index(consultation.current_phase) >= ORDER.index(Phase.ANALYSIS)


@permission
def can_view_themes(user, consultation) -> bool:
    """Anyone who may see the consultation, from the analysis phase on (the page says when no run has
    finished yet); the secretariat and commissioners earlier, to prepare it."""
    return can_view_consultation(user, consultation) and (
        in_analysis_or_later(consultation) or can_view_runs(user, consultation))
