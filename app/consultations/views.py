"""Consultation pages: the list, a consultation with its proposals, following, my activity, search."""
import secrets

from flask import Blueprint, redirect, render_template, session, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required
from sqlalchemy import select

from app import search
from app.caching import may_share, shared_page
from app.councils.models import Council
from app.extensions import db
from app.forms_util import ConfirmForm
from app.inputs import choice_arg, id_arg, page_arg, text_arg
from app.notifications import services as notifications
from app.organisations.models import OrganisationType
from app.permissions import refuse

from . import permissions as perms
from . import queries, stats
from .forms import TEXT_LANGUAGES
from .labels import labels
from .models import Consultation
from .phases import ORDER, Phase, by_stage
from .proposals import queries as proposal_queries
from .sanitise import excerpt, render

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
bp.app_context_processor(labels)
bp.app_template_filter("markdown")(render)
bp.app_template_filter("excerpt")(excerpt)
bp.add_app_template_global(perms.missing_step, "missing_step")
bp.add_app_template_global(perms.open_for_input, "open_for_input")


def visible_consultation(consultation_id: int) -> Consultation:
    """The consultation, or 404 for what the reader may not see (a 403 would confirm that it exists)."""
    consultation = queries.consultation_page(consultation_id)
    if consultation is None or not perms.can_view_consultation(current_user, consultation):
        refuse(404)
    return consultation


@bp.get("/")
def index():
    council, phase = id_arg("council"), choice_arg("phase", Phase)
    visible = [c for c in db.session.scalars(queries.consultations(council))
               if perms.can_view_consultation(current_user, c) and (not phase or c.current_phase == phase)]
    councils = db.session.scalars(select(Council).order_by(Council.name)).all()
    return render_template("consultations/index.html", groups=by_stage(visible), phase=phase, phases=ORDER,
                           councils=councils, council=council, counts=stats.participation(visible))


@bp.get("/<int:consultation_id>")
def detail(consultation_id: int):
    """Anonymous visitors share cached pages, keyed by what the page shows: the consultation's revision
    and current phase (a calendar date passing changes it), the language and the query (app/caching.py)."""
    filters = {"category": text_arg("category", 100) or None, "language": text_arg("language", 8) or None,
               "organisation_type": choice_arg("organisation_type", OrganisationType)}
    sort, page = choice_arg("sort", proposal_queries.SORTS, default="newest"), page_arg()
    seed = session.setdefault("shuffle_seed", secrets.token_hex(4))  # a stable random order for this visitor

    def render():
        return _detail_page(visible_consultation(consultation_id), sort, page, seed, filters)

    if not may_share(DETAIL_ARGS):
        return render()
    key = shared_key(queries.stamp(consultation_id), sort, page, tuple(filters.values()),
                     seed if sort == "random" else "")
    return shared_page(key, render)


DETAIL_ARGS = {"sort", "page", "category", "language", "organisation_type"}


def shared_key(stamp: Consultation | None, *parts) -> tuple:
    """The cache key of a page of a consultation an anonymous visitor may see (else 404, as always)."""
    if stamp is None or not perms.can_view_consultation(current_user, stamp):
        refuse(404)
    return (stamp.id, str(stamp.created_at), stamp.revision, stamp.current_phase.value, str(get_locale()), *parts)


def _detail_page(consultation, sort: str, page: int, seed: str, filters: dict) -> str:
    page = proposal_queries.page_of(proposal_queries.proposals(consultation, sort, seed=seed, **filters), page)
    return render_template("consultations/detail.html", consultation=consultation, page=page, sort=sort,
                           filters=filters, phases=ORDER, form=ConfirmForm(), languages=TEXT_LANGUAGES,
                           counts=stats.participation([consultation])[consultation.id],
                           proposal_counts=stats.proposal_counts(page.items),
                           following=notifications.is_following(current_user, consultation_id=consultation.id))


@bp.post("/<int:consultation_id>/follow")
@login_required
def follow(consultation_id: int):
    consultation = visible_consultation(consultation_id)
    if ConfirmForm().validate_on_submit():
        if notifications.is_following(current_user, consultation_id=consultation.id):
            notifications.unfollow(current_user, consultation_id=consultation.id)
        else:
            notifications.follow(current_user, consultation_id=consultation.id)
    return redirect(url_for("consultations.detail", consultation_id=consultation.id))


@bp.get("/mine")
@login_required
def mine():
    return render_template("consultations/mine.html",
                           proposals=db.session.scalars(proposal_queries.my_proposals(current_user)).all(),
                           feedback=db.session.scalars(proposal_queries.my_feedback(current_user)).all())


@bp.get("/search")
def search_page():
    """Results the reader may see, best first, across consultations, proposals and feedback.
    Anonymous results are cached under the revisions of all consultations (a hidden or withdrawn
    text, or a visibility change, is a new key); new texts appear within CACHE_DEFAULT_TIMEOUT."""
    query = text_arg("q", 200)
    if not query:
        return render_template("consultations/search.html", query=query, hits=[])
    if not may_share({"q"}):
        return _search_results(query)
    return shared_page(("search", queries.revisions(), str(get_locale()), query), lambda: _search_results(query))


def _search_results(query: str) -> str:
    hits = queries.visible_hits(search.search(query, str(get_locale())), current_user)
    return render_template("consultations/search.html", query=query, hits=hits)
