"""The secretariat's pages: its home, accreditation with its history, and the audit log. Reports and
hiding, the reference population and dashboard, and selections have their own view modules on the
same blueprint (imported at the end)."""
from datetime import datetime, timedelta, timezone

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from app.accounts.models import User
from app.audit.models import AuditEntry
from app.audit.services import entries
from app.councils.models import Council
from app.councils.roles import moderated_councils
from app.extensions import db
from app.forms_util import ConfirmForm
from app.inputs import id_arg, page_arg, text_arg
from app.organisations.labels import STATUS_LABELS
from app.organisations.models import Accreditation, Organisation
from app.organisations.permissions import can_view_organisation
from app.permissions import refuse, require

from . import services
from .forms import AccreditationForm
from .labels import labels
from .visibility import active_block
from .permissions import can_accredit_organisation, can_moderate, can_moderate_council, can_resubmit_organisation

bp = Blueprint("moderation", __name__)
bp.app_context_processor(labels)
bp.add_app_template_global(active_block, "active_block")  # consultation pages say why a blocked person cannot post


def council_or_404(council_id: int) -> Council:
    """A council the reader moderates (404 for any other: its pages are not theirs to know)."""
    council = db.session.get(Council, council_id)
    if council is None or not can_moderate_council(current_user, council):
        refuse(404)
    return council


def my_councils() -> list[Council]:
    allowed = moderated_councils(current_user)
    query = select(Council).order_by(Council.name)
    return db.session.scalars(query if allowed is None else query.where(Council.id.in_(allowed))).all()


@bp.get("/moderation/")
@login_required
def home():
    require(can_moderate(current_user))
    return render_template("moderation/home.html", councils=my_councils())


@bp.get("/moderation/organisations")
@login_required
def organisations():
    require(can_moderate(current_user))
    page = db.paginate(services.accreditation_queue(moderated_councils(current_user)), page=page_arg(), per_page=50)
    funding = services.funding_of([o.id for o in page.items])
    return render_template("moderation/organisations.html", page=page, form=AccreditationForm(), funding=funding,
                           allowed=services.ALLOWED)


def _organisation(org_id: int) -> Organisation:
    organisation = db.session.get(Organisation, org_id)
    if organisation is None or not can_view_organisation(current_user, organisation):
        refuse(404)
    return organisation


@bp.post("/moderation/organisations/<int:org_id>/status")
@login_required
def set_status(org_id: int):
    organisation = _organisation(org_id)
    require(can_accredit_organisation(current_user, organisation))
    form = AccreditationForm()
    if not form.validate_on_submit():
        refuse(400)
    services.set_accreditation(organisation, Accreditation(form.status.data), form.reason.data or "", current_user)
    services.set_funding(organisation, request.form.getlist("funding"), current_user)
    flash(_l("%(name)s is now %(status)s.", name=organisation.name, status=STATUS_LABELS[form.status.data]), "success")
    return redirect(url_for("moderation.organisations"))


@bp.get("/moderation/organisations/<int:org_id>/history")
@login_required
def history(org_id: int):
    organisation = _organisation(org_id)
    require(can_accredit_organisation(current_user, organisation))
    return render_template("moderation/history.html", organisation=organisation,
                           decisions=services.history(organisation))


@bp.post("/moderation/organisations/<int:org_id>/resubmit")
@login_required
def resubmit(org_id: int):
    organisation = _organisation(org_id)
    require(can_resubmit_organisation(current_user, organisation))
    if ConfirmForm().validate_on_submit():
        services.resubmit(organisation, current_user)
        flash(_l("The profile is sent to the secretariat for review."), "success")
    return redirect(url_for("organisations.detail", org_id=organisation.id))


@bp.get("/moderation/councils/<int:council_id>/audit")
@login_required
def audit_log(council_id: int):
    """The council's audit log, filtered by who, what and when."""
    council = council_or_404(council_id)
    since, until = _day_arg("since"), _day_arg("until")
    query = entries({council.id}, action=text_arg("action", 60) or None, actor_id=id_arg("actor"), since=since,
                    until=until + timedelta(days=1) if until else None)
    page = db.paginate(query, page=page_arg(), per_page=50)
    actors = db.session.scalars(select(User).where(User.id.in_(
        select(entries({council.id}).subquery().c.actor_id))).order_by(User.display_name)).all()
    actions = sorted(set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.council_id == council.id)
                                            .distinct())))
    return render_template("moderation/audit.html", council=council, page=page, actors=actors, actions=actions,
                           filters={"action": text_arg("action", 60), "actor": id_arg("actor"),
                                    "since": text_arg("since", 10), "until": text_arg("until", 10)})


def _day_arg(name: str):
    raw = text_arg(name, 10)
    if not raw:
        return None
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        refuse(400, _l("Dates are written YYYY-MM-DD."))
    if not 1900 <= day.year <= 9000:  # 9999-12-31 plus the day that makes "until" inclusive overflowed
        refuse(400, _l("Dates are written YYYY-MM-DD."))
    return day


from . import views_content, views_population, views_selection  # noqa: E402,F401  (routes on bp)
