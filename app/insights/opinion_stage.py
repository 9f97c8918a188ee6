"""The opinion stage of an analysis run: the consultation's statement votes -> an OpinionSnapshot.

Warm-started from the previous snapshot's `state`, so that k changes only after it has won several runs."""


def run_opinion_stage(consultation, run):
    """Add this run's OpinionSnapshot to the session and return it (None when there are too few votes)."""
    return None
