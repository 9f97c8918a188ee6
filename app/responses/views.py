"""Pages of responses, commitments, accountability and "you said, we did"."""
from flask import Blueprint

bp = Blueprint("responses", __name__)
