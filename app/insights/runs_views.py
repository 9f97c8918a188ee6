"""Run pages: start, progress, results, compare (helper: runs)."""
from .views import bp  # noqa: F401
