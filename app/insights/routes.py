"""The insights blueprint with every route module loaded (app/__init__ registers it from here)."""
from . import briefing_views, curation_views, opinion_views, runs_views  # noqa: F401
from .views import bp  # noqa: F401
