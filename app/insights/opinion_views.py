"""The participants' opinion map (helper: opinion map)."""
from .views import bp  # noqa: F401
