"""The demo's follow-up consultation shows what responses look like (and loading twice adds nothing)."""
from sqlalchemy import func, select

from app.councils.models import Council
from app.responses.models import Commitment, CommitmentStatus, Decision, Response, ResponseVersion
from app.responses.queries import council_today, is_overdue, published


def test_the_demo_has_answers_in_every_shape(runner, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    responses = db.session.scalars(select(Response)).all()
    assert any(r.theme_id for r in responses) and any(r.proposal_id for r in responses)
    assert any(len(r.versions) == 2 and r.versions[1].correction_reason for r in responses)
    decisions = {published(r).decision for r in responses}
    assert Decision.OUTSIDE_MANDATE in decisions
    assert any(published(r).referral_authority for r in responses)
    commitments = db.session.scalars(select(Commitment)).all()
    assert {c.status for c in commitments} == set(CommitmentStatus)
    sfax = db.session.scalar(select(Council).where(Council.slug == "sfax"))
    assert sfax.time_zone == "Africa/Tunis"
    today = council_today(sfax.time_zone)
    assert any(is_overdue(c, today) for c in commitments)
    versions = db.session.scalar(select(func.count(ResponseVersion.id)))
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert db.session.scalar(select(func.count(ResponseVersion.id))) == versions
