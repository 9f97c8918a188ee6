"""Pages of analysis runs, curation, the opinion map and the briefing (routes are added by the modules below)."""
from flask import Blueprint

bp = Blueprint("insights", __name__, url_prefix="/consultations")
