"""The audit log's hash chain: `flask audit verify` finds an edited, a deleted and a reordered entry,
and entries are written in the same transaction as the change (issue 10, 3; groundwork)."""
from sqlalchemy import delete, func, select, update

from app import audit
from app.audit.models import AuditEntry
from app.organisations.models import Accreditation
from tests.conftest import post_form, race
from tests.factories import CouncilFactory, OrganisationFactory, moderator


def write(db, n=4):
    council = CouncilFactory()
    for i in range(n):
        audit.record("test.event", council, council_id=council.id, number=i, text="نص عربي")
    db.session.commit()


def test_an_intact_chain_verifies(db, runner):
    write(db)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact: 4 entries" in result.output


def test_an_edited_entry_is_named(db, runner):
    write(db)
    db.session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(details={"number": 99}))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "entry 2 was altered" in result.output


def test_a_deleted_entry_is_named(db, runner):
    write(db)
    db.session.execute(delete(AuditEntry).where(AuditEntry.seq == 3))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "entry 3 is missing" in result.output


def test_a_deleted_last_entry_is_found(db, runner):
    write(db)
    db.session.execute(delete(AuditEntry).where(AuditEntry.seq == 4))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "last entries were deleted" in result.output


def test_reordered_entries_are_found(db, runner):
    write(db)
    db.session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(seq=-2))
    db.session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(seq=2))
    db.session.execute(update(AuditEntry).where(AuditEntry.seq == -2).values(seq=3))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "entry 2 does not follow entry 1" in result.output


def test_an_accreditation_and_its_audit_entry_share_one_transaction(client, login, db):
    organisation = OrganisationFactory(status=Accreditation.PENDING)
    login(moderator(organisation.council))
    url = f"/moderation/organisations/{organisation.id}/status"
    refused = post_form(client, url, {"status": "suspended", "reason": " "}, form_url="/moderation/organisations")
    assert refused.status_code == 409 and db.session.scalar(select(func.count(AuditEntry.id))) == 0
    post_form(client, url, {"status": "accredited"}, form_url="/moderation/organisations")
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.subject_id, entry.council_id) == ("organisation.accredited", organisation.id,
                                                                  organisation.council_id)
    assert entry.details["previous"] == "pending" and audit.verify().ok


def test_concurrent_appends_keep_one_chain(concurrent_app):
    with concurrent_app.app_context():
        council_id = CouncilFactory().id

    race(concurrent_app, lambda: audit.record("test.race", council_id=council_id, subject_type="council",
                                              subject_id=council_id), n=8)
    with concurrent_app.app_context():
        verdict = audit.verify()
        assert verdict.ok and verdict.checked == 8
