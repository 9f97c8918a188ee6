"""The overdue rule at the date boundary, in the council's time zone."""
from datetime import date, datetime, timezone

from app.responses.models import Commitment, CommitmentStatus
from app.responses.queries import council_today, is_overdue


def test_overdue_from_the_day_after_the_due_date():
    due = Commitment(what="x", department="y", due_date=date(2026, 3, 10), status=CommitmentStatus.PLANNED)
    assert not is_overdue(due, date(2026, 3, 9))
    assert not is_overdue(due, date(2026, 3, 10))
    assert is_overdue(due, date(2026, 3, 11))
    due.status = CommitmentStatus.DONE
    assert not is_overdue(due, date(2026, 3, 11))


def test_today_is_the_councils_day_not_utc():
    late_evening_utc = datetime(2026, 3, 10, 23, 30, tzinfo=timezone.utc)
    assert council_today("Africa/Tunis", late_evening_utc) == date(2026, 3, 11)  # UTC+1
    assert council_today("America/Mexico_City", late_evening_utc) == date(2026, 3, 10)
    assert council_today("Not/AZone", late_evening_utc) == date(2026, 3, 10)
