"""The e-mail outbox: every message is stored in the transaction that caused it, then sent after
the commit, so none is sent for an action that failed and none is lost when SMTP is down."""
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import db

MAX_ATTEMPTS = 5


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))

    @property
    def failed(self) -> bool:
        """Given up on after MAX_ATTEMPTS: shown to operators, no longer retried."""
        return self.sent_at is None and self.attempts >= MAX_ATTEMPTS
