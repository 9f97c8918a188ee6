"""The participants' opinion map: its page, its JSON and SVG, and the partial other pages include.

Whoever may see the consultation may see its map (the consultation's own view permission, through
`visible_consultation`: a members-only consultation's map is a 404 to outsiders, as the page is)."""
from flask import Response, jsonify, render_template
from flask_babel import format_percent, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.consultations.views import visible_consultation
from app.i18n import is_rtl
from app.permissions import refuse

from . import opinion
from .opinion_map import render_svg
from .views import bp


@bp.get("/<int:consultation_id>/opinion")
def opinion_page(consultation_id: int):
    consultation = visible_consultation(consultation_id)
    return render_template("insights/opinion.html", consultation=consultation,
                           opinion=opinion.map_for_reader(consultation, current_user))


@bp.get("/<int:consultation_id>/opinion.json")
def opinion_json(consultation_id: int):
    return jsonify(_view_or_404(consultation_id).to_json())


@bp.get("/<int:consultation_id>/opinion.svg")
def opinion_svg(consultation_id: int):
    svg = render_svg(_view_or_404(consultation_id), interactive=False, standalone=True, rtl=is_rtl(str(get_locale())))
    return Response(svg, mimetype="image/svg+xml")


def _view_or_404(consultation_id: int):
    view = opinion.map_for_reader(visible_consultation(consultation_id), current_user)
    if view is None:
        refuse(404, _l("There is no opinion map for this consultation yet."))
    return view


@bp.app_template_global()
def opinion_map_for(consultation):
    """For templates/insights/_opinion_map.html, included in pages that already checked the consultation."""
    return opinion.map_for_reader(consultation, current_user)


@bp.app_template_global()
def opinion_map_svg(view, rtl: bool = False):
    return render_svg(view, interactive=True, rtl=rtl)


@bp.app_template_filter("opinion_share")
def opinion_share(value) -> str:
    """A share agreeing, as a percentage in the reader's language; a dash when it is suppressed."""
    return "—" if value is None else format_percent(value)
