"""Reports on content, hiding and restoring it, and blocking people on a council.

One set of rules for every reportable thing (proposal, feedback, statement): they all carry the
`Moderated` mixin, and `REPORTABLE` says how to find each one's council, author and excerpt."""
from datetime import datetime, timezone

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from app import audit
from app.accounts.models import User
from app.clock import aware, utcnow
from app.consultations.deliberation.models import Statement
from app.consultations.models import Consultation
from app.consultations.proposals.models import Feedback, Proposal
from app.domain_errors import DomainError
from app.extensions import db
from app.notifications import services as notifications
from app.notifications.models import Kind, Notification
from app.urls import site_path

from .models import Block, Report, ReportReason
from .visibility import forget_blocks, visible

REPORTABLE = {"proposal": Proposal, "feedback": Feedback, "statement": Statement}
KIND_NAMES = {"proposal": _l("proposal"), "feedback": _l("reply"), "statement": _l("statement")}


class ReportError(DomainError):
    pass


# What a reportable thing is --------------------------------------------------------------------

def load(kind: str, item_id: int):
    model = REPORTABLE.get(kind)
    return db.session.get(model, item_id) if model else None


def consultation_of(item) -> Consultation:
    if isinstance(item, Feedback):
        return item.proposal.consultation
    if isinstance(item, Proposal):
        return item.consultation
    return db.session.get(Consultation, item.consultation_id)


def council_of(item) -> int:
    return consultation_of(item).council_id


def kind_of(item) -> str:
    return next(kind for kind, model in REPORTABLE.items() if isinstance(item, model))


def excerpt(item) -> str:
    text = item.title if isinstance(item, Proposal) else (item.body if isinstance(item, Feedback) else item.text)
    return text if len(text) <= 120 else text[:119] + "…"


def link_of(item) -> str:
    if isinstance(item, Proposal):
        return site_path("proposals.proposal", proposal_id=item.id)
    if isinstance(item, Feedback):
        return site_path("proposals.proposal", proposal_id=item.proposal_id, _anchor=f"feedback-{item.id}")
    return site_path("consultations.detail", consultation_id=item.consultation_id)


# Reports ---------------------------------------------------------------------------------------

def report(reporter, item, reason: str, details: str = "") -> Report:
    """Flag an item; after MODERATION_AUTO_HIDE_REPORTS open reports it is hidden until a moderator decides."""
    if reason not in set(ReportReason):
        raise ReportError(_l("Choose a reason."), field="reason", status=422)
    kind, council_id = kind_of(item), council_of(item)
    record = Report(council_id=council_id, subject_type=kind, subject_id=item.id, reporter_id=reporter.id,
                    reason=ReportReason(reason), details=(details or "").strip()[:500])
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:
        raise ReportError(_l("You have already reported this. The secretariat will look at it."))
    item.report_count = _open_count(kind, item.id)
    audit.record("report.created", subject_type=kind, subject_id=item.id, actor=reporter, council_id=council_id,
                 reason=reason)
    if item.shown() and item.report_count >= current_app.config["MODERATION_AUTO_HIDE_REPORTS"]:
        _auto_hide(item, kind, council_id)
    return record


def _open_count(kind: str, item_id: int) -> int:
    return db.session.scalar(select(func.count(Report.id)).where(
        Report.subject_type == kind, Report.subject_id == item_id, Report.resolved_at.is_(None)))


def _auto_hide(item, kind: str, council_id: int) -> None:
    reason = str(_l("Hidden automatically after %(n)d reports, until the secretariat decides.", n=item.report_count))
    item.hidden_at, item.hidden_reason, item.hidden_automatically = utcnow(), reason, True
    audit.record("content.auto_hidden", subject_type=kind, subject_id=item.id, council_id=council_id,
                 reports=item.report_count)


def _resolve(kind: str, item) -> int:
    """Close the item's open reports (a moderator decided); returns how many."""
    closed = db.session.execute(update(Report).where(
        Report.subject_type == kind, Report.subject_id == item.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow())).rowcount
    item.report_count = 0
    return closed


def hide(moderator, item, reason: str) -> None:
    """Hide an item with a reason its author reads (on the item, in their activity, by notification)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(_l("Say why it is hidden: its author will read it."), field="reason", status=422)
    kind, council_id = kind_of(item), council_of(item)
    if item.hidden_at is None or item.hidden_automatically:
        item.hidden_at = item.hidden_at or utcnow()
    item.hidden_reason, item.hidden_automatically = reason, False
    closed = _resolve(kind, item)
    audit.record("content.hidden", subject_type=kind, subject_id=item.id, actor=moderator, council_id=council_id,
                 reason=reason, reports=closed)
    _tell_author(item, kind, Kind.CONTENT_HIDDEN, reason)


def restore(moderator, item, reason: str = "") -> None:
    """Show an item again (or keep a reported one), closing its reports."""
    kind, council_id = kind_of(item), council_of(item)
    was_hidden = item.hidden_at is not None
    item.hidden_at, item.hidden_reason, item.hidden_automatically = None, "", False
    closed = _resolve(kind, item)
    audit.record("content.restored" if was_hidden else "reports.dismissed", subject_type=kind, subject_id=item.id,
                 actor=moderator, council_id=council_id, reason=(reason or "").strip(), reports=closed)
    if was_hidden:
        _tell_author(item, kind, Kind.CONTENT_RESTORED, (reason or "").strip())


def _tell_author(item, kind: str, notice: Kind, reason: str) -> None:
    author = db.session.get(User, item.author_id) if item.author_id else None
    if author is not None:
        notifications.notify([author], notice, {"kind": kind, "excerpt": excerpt(item), "reason": reason},
                             link_of(item))


@notifications.describes(Kind.CONTENT_HIDDEN)
def _describe_hidden(kind: str, excerpt: str, reason: str = "", **_ignored) -> str:
    return _("The secretariat hid your %(kind)s “%(excerpt)s”. Reason: %(reason)s",
             kind=KIND_NAMES.get(kind, kind), excerpt=excerpt, reason=reason)


@notifications.describes(Kind.CONTENT_RESTORED)
def _describe_restored(kind: str, excerpt: str, **_ignored) -> str:
    return _("The secretariat shows your %(kind)s “%(excerpt)s” again.", kind=KIND_NAMES.get(kind, kind),
             excerpt=excerpt)


@notifications.filter_with
def _without_hidden_subjects(query):
    """Notifications about hidden content disappear with it (they are back if it is restored)."""
    shown = [and_(Notification.subject_type == kind, Notification.subject_id.in_(visible(select(model.id), model)))
             for kind, model in REPORTABLE.items()]
    return query.where(or_(Notification.subject_type.is_(None), Notification.subject_type.not_in(list(REPORTABLE)),
                           *shown))


def queue(council_ids: set[int] | None, limit: int = 100) -> list[dict]:
    """Items with open reports, most reported first, with their reasons (None: every council)."""
    query = select(Report.subject_type, Report.subject_id, func.count(Report.id).label("n"),
                   func.min(Report.created_at).label("first")) \
        .where(Report.resolved_at.is_(None)).group_by(Report.subject_type, Report.subject_id) \
        .order_by(func.count(Report.id).desc(), func.min(Report.created_at)).limit(limit)
    if council_ids is not None:
        query = query.where(Report.council_id.in_(council_ids))
    rows = []
    for kind, item_id, count, _first in db.session.execute(query):
        item = load(kind, item_id)
        if item is not None:
            rows.append({"kind": kind, "item": item, "count": count, "reasons": _reasons(kind, item_id),
                         "council_id": council_of(item), "link": link_of(item)})
    return rows


def _reasons(kind: str, item_id: int) -> list[Report]:
    return db.session.scalars(select(Report).where(Report.subject_type == kind, Report.subject_id == item_id,
                                                   Report.resolved_at.is_(None)).order_by(Report.created_at)).all()


def _in_councils(query, model, council_ids):
    """Restrict a query on a reportable model to the given councils (None: every council)."""
    if council_ids is None:
        return query
    if model is Feedback:
        query = query.join(Proposal, Proposal.id == Feedback.proposal_id)
        model = Proposal
    return query.join(Consultation, Consultation.id == model.consultation_id) \
        .where(Consultation.council_id.in_(council_ids))


def hidden_items(council_ids: set[int] | None, limit: int = 50) -> list[dict]:
    """Hidden items of these councils, newest first, so that they can be shown again."""
    rows = []
    for kind, model in REPORTABLE.items():
        query = _in_councils(select(model).where(model.hidden_at.is_not(None)), model, council_ids)
        for item in db.session.scalars(query.order_by(model.hidden_at.desc()).limit(limit)):
            rows.append({"kind": kind, "item": item, "link": link_of(item)})
    return sorted(rows, key=lambda r: aware(r["item"].hidden_at), reverse=True)[:limit]


# Blocks ----------------------------------------------------------------------------------------

def block(moderator, council, user, until: datetime, reason: str) -> Block:
    """Stop a person posting on the council's consultations until a date; they are told why when they try."""
    reason = (reason or "").strip()
    until = aware(until) if until.tzinfo else until.replace(tzinfo=timezone.utc)
    if not reason:
        raise ReportError(_l("Say why: the person will read it."), field="reason", status=422)
    if until <= utcnow():
        raise ReportError(_l("The end of the block must be in the future."), field="until", status=422)
    record = Block(council_id=council.id, user_id=user.id, reason=reason, until=until,
                   created_by_id=getattr(moderator, "id", None))
    db.session.add(record)
    db.session.flush()
    forget_blocks()
    audit.record("user.blocked", record, actor=moderator, council_id=council.id, user_id=user.id,
                 until=until.isoformat(), reason=reason)
    return record


def lift(moderator, record: Block) -> None:
    if record.lifted_at is not None:
        raise ReportError(_l("This block was already lifted."))
    record.lifted_at = utcnow()
    forget_blocks()
    audit.record("user.unblocked", record, actor=moderator, council_id=record.council_id, user_id=record.user_id)


def blocks(council_ids: set[int] | None):
    """Current blocks (not lifted, not ended), soonest end first."""
    query = select(Block).where(Block.lifted_at.is_(None), Block.until > utcnow()).order_by(Block.until)
    return query if council_ids is None else query.where(Block.council_id.in_(council_ids))
