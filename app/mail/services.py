"""Outbox e-mail: queued inside the caller's transaction, delivered after the commit by a job (or
by `flask mail send`), over SMTP or to the log when no SMTP server is configured.

This module knows addresses and texts, not people. One bad message never blocks the others: its
error is stored, it is retried a few times, and the rest go out."""
import logging
import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select

from app.clock import utcnow
from app.extensions import db
from app.forms_util import single_line
from app.jobs import job
from app.unit_of_work import after_commit, unit_of_work

from .models import MAX_ATTEMPTS, OutboxMessage

log = logging.getLogger("majlis.mail")


def queue(recipient: str, subject: str, body: str) -> OutboxMessage:
    """Store a message in the current transaction; it is sent once the transaction commits."""
    message = OutboxMessage(recipient=single_line(recipient), subject=single_line(str(subject))[:200],
                            body=str(body))
    db.session.add(message)
    after_commit(_deliver_soon)
    return message


def _deliver_soon() -> None:
    deliver_outbox.enqueue()


@job(retries=0)
def deliver_outbox() -> None:
    """The job queued after a commit that added messages."""
    deliver_pending()


def deliver_pending(limit: int = 500) -> tuple[int, int]:
    """(sent, failed) for the unsent messages, oldest first, each in its own transaction."""
    ids = db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id).limit(limit)).all()
    sent = 0
    for message_id in ids:
        with unit_of_work():
            sent += _deliver_one(message_id)
    return sent, len(ids) - sent


def _deliver_one(message_id: int) -> bool:
    """Claim one message (another worker skips it) and send it; any failure is recorded, not raised."""
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id,
                                                            OutboxMessage.sent_at.is_(None))
                                .with_for_update(skip_locked=True))
    if message is None:
        return False
    message.attempts += 1
    try:
        _transport(message)
    except Exception as error:  # a bad header, a refused recipient, SMTP down: this message only
        message.last_error = f"{type(error).__name__}: {error}"[:500]
        log.warning("mail %s not sent (attempt %s): %s", message.id, message.attempts, message.last_error)
        return False
    message.sent_at, message.last_error = utcnow(), None
    return True


def _transport(message: OutboxMessage) -> None:
    """Build the message (which checks every header) and send it, or write it to the log."""
    config = current_app.config
    email = EmailMessage()
    email["From"], email["To"] = config["MAIL_FROM"], message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    if not config.get("MAIL_SERVER"):
        log.info("mail to %s: %s\n%s", message.recipient, message.subject, message.body)
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
