"""Outbox e-mail: store, then deliver by SMTP, or to the log when no SMTP server is configured."""
import logging
import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select

from app.accounts.models import utcnow
from app.extensions import db

from .models import OutboxMessage

log = logging.getLogger("majlis.mail")


def queue(recipient: str, subject: str, body: str) -> OutboxMessage:
    message = OutboxMessage(recipient=recipient, subject=subject, body=body)
    db.session.add(message)
    db.session.commit()
    return message


def queue_later(recipient: str, subject: str, body: str) -> OutboxMessage:
    """Add to the outbox within the caller's transaction; `flask notifications send` delivers it."""
    message = OutboxMessage(recipient=recipient, subject=subject, body=body)
    db.session.add(message)
    return message


def send(recipient: str, subject: str, body: str) -> OutboxMessage:
    """Queue and try at once; a failure leaves the message for `flask mail send`."""
    message = queue(recipient, subject, body)
    deliver(message)
    return message


def deliver(message: OutboxMessage) -> bool:
    message.attempts += 1
    try:
        _transport(message)
    except (OSError, smtplib.SMTPException) as error:
        message.last_error = str(error)[:500]
        db.session.commit()
        log.warning("mail %s not sent: %s", message.id, error)
        return False
    message.sent_at = utcnow()
    message.last_error = None
    db.session.commit()
    return True


def deliver_pending(limit: int = 500) -> tuple[int, int]:
    """(sent, failed) for the unsent messages, oldest first."""
    pending = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)).order_by(OutboxMessage.id).limit(limit)).all()
    sent = sum(deliver(m) for m in pending)
    return sent, len(pending) - sent


def _transport(message: OutboxMessage) -> None:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        log.info("mail to %s: %s\n%s", message.recipient, message.subject, message.body)
        return
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = config["MAIL_FROM"], message.recipient, message.subject
    email.set_content(message.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
