"""The outbox: messages ride in the action's transaction, go out after the commit, and one bad
message never blocks the others (issue 7, 2 and 4.2)."""
from sqlalchemy import func, select

from app.mail import services as mail
from app.mail.models import MAX_ATTEMPTS, OutboxMessage
from app.unit_of_work import unit_of_work


def test_a_message_of_a_rolled_back_action_is_never_sent(db):
    try:
        with unit_of_work():
            mail.queue("a@example.org", "Subject", "Body")
            raise RuntimeError("the action failed")
    except RuntimeError:
        pass
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_a_message_is_sent_after_the_commit(db):
    with unit_of_work():
        message = mail.queue("a@example.org", "Subject", "Body")
        assert message.sent_at is None  # nothing leaves before the commit
    db.session.refresh(message)
    assert message.sent_at is not None and message.attempts == 1


def test_a_bad_message_is_marked_failed_and_the_others_go_out(db, runner):
    """Before: a CR/LF in a subject made `flask mail send` exit 1 on every run."""
    db.session.add_all([OutboxMessage(recipient="a@example.org", subject="Evil\r\nBcc: all@example.org", body="x"),
                        OutboxMessage(recipient="b@example.org", subject="Fine", body="y")])
    db.session.commit()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "sent 1, failed 1" in result.output
    bad, good = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert good.sent_at is not None
    assert bad.sent_at is None and "linefeed or carriage return" in bad.last_error


def test_a_failing_message_is_given_up_after_a_few_attempts(db, runner):
    db.session.add(OutboxMessage(recipient="a@example.org", subject="Evil\nx", body="x"))
    db.session.commit()
    for _ in range(MAX_ATTEMPTS + 2):
        runner.invoke(args=["mail", "send"])
    message = db.session.scalar(select(OutboxMessage))
    db.session.refresh(message)
    assert message.attempts == MAX_ATTEMPTS and message.failed


def test_queued_subjects_lose_their_line_breaks(db):
    with unit_of_work():
        message = mail.queue("a@example.org", "New feedback on “Buses\r\nBcc: x@example.org”", "Body")
    assert "\r" not in message.subject and "\n" not in message.subject
