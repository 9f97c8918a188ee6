"""My notifications and what I choose to receive."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.forms_util import ConfirmForm

from . import services
from .models import Kind

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

KIND_LABELS = {Kind.FEEDBACK_ON_MY_PROPOSAL: _l("New feedback on my proposals"),
               Kind.PHASE_CHANGED: _l("Phase changes of consultations I follow"),
               Kind.CONTENT_HIDDEN: _l("The secretariat hides something I wrote"),
               Kind.CONTENT_RESTORED: _l("The secretariat shows again something I wrote"),
               Kind.RESPONSE_PUBLISHED: _l("The city answers a proposal I wrote or follow")}


@bp.app_context_processor
def unread_count():
    """The badge in the header."""
    if current_user and current_user.is_authenticated:
        return {"unread_notifications": services.unread_count(current_user)}
    return {"unread_notifications": 0}


@bp.app_template_filter("notification_text")
def notification_text(notification) -> str:
    return services.text_of(notification)


@bp.get("/")
@login_required
def index():
    items = services.recent(current_user)
    unread = {n.id for n in items if n.read_at is None}
    services.mark_read(current_user)
    return render_template("notifications/index.html", items=items, unread=unread, form=ConfirmForm(),
                           kinds=KIND_LABELS, preferences=services.preferences(current_user))


@bp.post("/preferences")
@login_required
def preferences():
    if ConfirmForm().validate_on_submit():
        for kind in Kind:
            services.set_preference(current_user, kind, request.form.get(f"{kind}-app") == "on",
                                    request.form.get(f"{kind}-email") == "on")
        flash(_l("Your choices are saved."), "success")
    return redirect(url_for("notifications.index"))
