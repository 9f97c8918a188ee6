"""Moderation as a mixin, and the ONE query every listing goes through.

Every reportable thing (proposal, feedback, statement) mixes in `Moderated`; every listing of them —
pages, search results, notifications, my activity, the voting page, and later exports, feeds and the
API — applies `visible(query)` (or `is_visible(item)` for one item), so hidden content never appears.

This module imports nothing of other features: the features that own reportable things import it."""
from datetime import datetime

from flask import g, has_app_context
from sqlalchemy import String, and_, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import aware, utcnow
from app.extensions import db

from .models import Block


class Moderated:
    """Columns of a reportable thing: hidden (by whom is in the audit log), why, and how often reported."""
    hidden_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True), default=None)
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")
    # True while hidden because of the number of reports, before any moderator decided.
    hidden_automatically: Mapped[bool] = mapped_column(default=False)
    report_count: Mapped[int] = mapped_column(default=0)

    @classmethod
    def visible_clause(cls):
        """SQL: this row is shown. Things that live inside another (a reply in a proposal) extend it."""
        return cls.hidden_at.is_(None)

    def shown(self) -> bool:
        """Python twin of visible_clause, for one loaded item."""
        return self.hidden_at is None


def visible(query, model=None, author=None):
    """The listing without hidden content. `model` defaults to the query's first entity. With `author`
    (a person), their own hidden items stay in, so that they can read why they were hidden."""
    model = model or query.column_descriptions[0]["entity"]
    if getattr(author, "is_authenticated", False):
        return query.where(or_(model.visible_clause(), model.author_id == author.id))
    return query.where(model.visible_clause())


def is_visible(item, author=None) -> bool:
    """The one-item twin of visible()."""
    if item is None:
        return False
    own = getattr(author, "is_authenticated", False) and getattr(item, "author_id", None) == author.id
    return item.shown() or bool(own)


def visible_ids(model, ids) -> set[int]:
    """Which of these ids are visible (one query), for lists built from elsewhere (search hits)."""
    ids = list(ids)
    if not ids:
        return set()
    return set(db.session.scalars(visible(select(model.id).where(model.id.in_(ids)), model)))


# Blocks -------------------------------------------------------------------------------------------

def active_block(user, council_id: int | None) -> Block | None:
    """The block that stops this person posting on this council now, if any (the latest-ending one).
    Remembered for the request: permission checks ask it once per button."""
    if council_id is None or not getattr(user, "is_authenticated", False):
        return None
    if "blocks" in vars(user):  # loaded with the signed-in person: no query
        now = utcnow()
        current = [b for b in user.blocks if b.council_id == council_id and b.lifted_at is None and aware(b.until) > now]
        return max(current, key=lambda b: aware(b.until), default=None)
    cache = g.setdefault("majlis_blocks", {}) if has_app_context() else {}
    key = (user.id, council_id)
    if key not in cache:
        cache[key] = db.session.scalar(select(Block).where(and_(
            Block.user_id == user.id, Block.council_id == council_id, Block.lifted_at.is_(None),
            Block.until > utcnow())).order_by(Block.until.desc()).limit(1))
    return cache[key]


def forget_blocks() -> None:
    """After a block is given or lifted, ask the database again (also for people already loaded)."""
    if has_app_context():
        g.pop("majlis_blocks", None)
        for person in [o for o in db.session.identity_map.values() if "blocks" in vars(o)]:
            db.session.expire(person, ["blocks"])


def blocked_until(user, council_id: int | None) -> datetime | None:
    block = active_block(user, council_id)
    return aware(block.until) if block else None
