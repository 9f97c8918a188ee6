"""The briefing: screen, print, PDF, CSV, JSON (helper: briefing)."""
from .views import bp  # noqa: F401
