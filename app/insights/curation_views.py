"""Curation pages: themes, duplicates, mandate flags (helper: runs)."""
from .views import bp  # noqa: F401
