"""The briefing: screen, print, PDF, CSV, JSON and the referral text per authority (helper: briefing)."""
from flask import Response, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.consultations import queries
from app.consultations.permissions import can_view_consultation
from app.i18n import is_rtl
from app.permissions import refuse, require

from . import briefing as service
from . import briefing_export as export
from .briefing_permissions import can_view_briefing
from .views import bp

NOT_YET_PUBLIC = _l("The briefing is public once the city's response phase opens.")


def briefing_or_refuse(consultation_id: int) -> service.Briefing:
    """404 for a consultation the reader may not see at all; 403 with the reason before the briefing
    is public; else the briefing in the reader's language."""
    consultation = queries.consultation_page(consultation_id)
    if consultation is None or not (can_view_consultation(current_user, consultation)
                                    or can_view_briefing(current_user, consultation)):
        refuse(404)
    require(can_view_briefing(current_user, consultation), NOT_YET_PUBLIC)
    return service.build_briefing(consultation, str(get_locale()))


@bp.get("/<int:consultation_id>/briefing")
def briefing(consultation_id: int):
    found = briefing_or_refuse(consultation_id)
    return render_template("insights/briefing.html", briefing=found,
                           map_markup=service.opinion_map_markup(found.consultation_id, rtl=is_rtl(found.language)))


@bp.get("/<int:consultation_id>/briefing.pdf")
def briefing_pdf(consultation_id: int):
    found = briefing_or_refuse(consultation_id)
    return _download(export.to_pdf(found), "application/pdf", export.export_filename(found, "pdf"))


@bp.get("/<int:consultation_id>/briefing.csv")
def briefing_csv(consultation_id: int):
    found = briefing_or_refuse(consultation_id)
    return _download(export.to_csv(found), "text/csv; charset=utf-8", export.export_filename(found, "csv"))


@bp.get("/<int:consultation_id>/briefing.json")
def briefing_json(consultation_id: int):
    found = briefing_or_refuse(consultation_id)
    return _download(export.to_json(found), "application/json", export.export_filename(found, "json"))


@bp.get("/<int:consultation_id>/briefing/referrals/<int:number>.txt")
def referral_text(consultation_id: int, number: int):
    found = briefing_or_refuse(consultation_id)
    referral = next((r for r in found.referrals if r.number == number), None)
    if referral is None:
        refuse(404, _l("There is no such referral in this briefing."))
    return _download(referral.text, "text/plain; charset=utf-8", export.referral_filename(found, number))


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype.split(";")[0], content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
