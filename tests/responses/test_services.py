"""Response use cases: which answer applies, corrections, review by a second person, commitments,
the audit log and one notification per person."""
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db as _db
from app.mail.models import OutboxMessage
from app.moderation import reports
from app.notifications import services as notifications
from app.notifications.models import Kind, Notification
from app.responses import services
from app.responses.models import CommitmentStatus, VersionStatus
from app.responses.queries import applicable_response
from app.responses.trail import proposal_trail, response_due

from .conftest import answer


def test_a_theme_answer_applies_to_every_member_and_an_own_answer_takes_precedence(world):
    theme_answer = answer(world, theme=world.theme, decision="under_study")
    own = answer(world, proposal=world.in_theme[1], decision="accepted", reason="Shelters next spring.")
    assert applicable_response(world.in_theme[0].id)[0].id == theme_answer.id
    assert applicable_response(world.in_theme[2].id)[0].id == theme_answer.id
    assert applicable_response(world.in_theme[1].id)[0].id == own.id
    assert applicable_response(world.single.id) is None


def test_a_draft_or_an_answer_in_review_applies_to_nothing(world):
    answer(world, theme=world.theme, publish=False)
    assert applicable_response(world.in_theme[0].id) is None
    trail = proposal_trail(world.in_theme[0])
    assert trail.awaiting and trail.due == response_due(world.consultation)


def test_a_correction_is_a_new_version_and_the_first_stays(world):
    thread = answer(world, theme=world.theme, decision="under_study", reason="We are studying it.")
    with pytest.raises(services.ResponseError):  # a correction says why
        services.save_draft(thread, world.drafter, decision="accepted", reason="Yes.", language="en")
    services.save_draft(thread, world.drafter, decision="accepted", reason="Yes, from March.", language="en",
                        correction_reason="The budget was voted.")
    services.submit_for_review(thread, world.drafter)
    services.publish(thread, world.moderator)
    _db.session.commit()
    first, second = thread.versions
    assert (first.number, first.status, first.reason) == (1, VersionStatus.PUBLISHED, "We are studying it.")
    assert (second.number, second.decision.value, second.correction_reason) == (2, "accepted", "The budget was voted.")
    trail = proposal_trail(world.in_theme[0])
    assert trail.version.id == second.id and [v.id for v in trail.history] == [first.id, second.id]


def test_the_drafter_cannot_publish_their_own_wording(world):
    thread = answer(world, theme=world.theme, publish=False)
    services.submit_for_review(thread, world.drafter)
    with pytest.raises(services.ResponseError) as refused:
        services.publish(thread, world.drafter)
    assert refused.value.status == 403
    assert services.open_version(thread).status == VersionStatus.IN_REVIEW


def test_editing_a_draft_makes_the_editor_its_drafter(world):
    thread = answer(world, theme=world.theme, publish=False)
    services.save_draft(thread, world.reviewer, decision="accepted", reason="Reworded.", language="en")
    services.submit_for_review(thread, world.reviewer)
    with pytest.raises(services.ResponseError):
        services.publish(thread, world.reviewer)
    services.publish(thread, world.drafter)
    assert len(thread.versions) == 1


def test_outside_the_mandate_names_the_authority(world):
    thread = services.thread_for(world.consultation, proposal=world.single)
    with pytest.raises(services.ResponseError) as refused:
        services.save_draft(thread, world.drafter, decision="outside_mandate", reason="Not ours.", language="en")
    assert refused.value.field == "referral_authority"
    version = services.save_draft(thread, world.drafter, decision="outside_mandate", reason="Not ours.",
                                  language="en", referral_authority="Ministry of Interior")
    assert version.referral_authority == "Ministry of Interior"


def test_a_retried_draft_form_creates_one_version(world):
    thread = services.thread_for(world.consultation, theme=world.theme)
    first = services.save_draft(thread, world.drafter, decision="accepted", reason="Yes", language="en",
                                form_token="tok-1")
    again = services.save_draft(thread, world.drafter, decision="accepted", reason="Yes", language="en",
                                form_token="tok-1")
    assert first is again and len(thread.versions) == 1


def test_publication_and_status_changes_are_audited(world):
    thread = answer(world, theme=world.theme, commitment={})
    commitment = thread.commitments[0]
    services.update_commitment(commitment, world.drafter, status="in_progress", body="Tender launched")
    _db.session.commit()
    actions = [e.action for e in _db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
    assert actions == ["commitment.added", "response.published", "commitment.status"]
    published = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "response.published"))
    assert published.actor_id == world.reviewer.id and published.council_id == world.council.id


def test_dropping_a_commitment_needs_a_reason_and_updates_are_dated(world):
    thread = answer(world, theme=world.theme, commitment={})
    commitment = thread.commitments[0]
    with pytest.raises(services.ResponseError) as refused:
        services.update_commitment(commitment, world.drafter, status="dropped", body="  ")
    assert refused.value.field == "body"
    services.update_commitment(commitment, world.drafter, status="dropped", body="No budget left")
    assert commitment.status == CommitmentStatus.DROPPED and commitment.status_reason == "No budget left"
    assert commitment.updates[0].created_at is not None and commitment.updates[0].body == "No budget left"
    with pytest.raises(services.ResponseError):
        services.update_commitment(commitment, world.drafter, status="finished")


def test_a_retried_commitment_is_kept_once(world):
    thread = answer(world, theme=world.theme, publish=False)
    for _ in range(2):
        services.add_commitment(thread, world.drafter, what="Shade", department="Works", due_date=date(2030, 1, 1))
    assert len(thread.commitments) == 1


def test_publication_tells_each_person_once_in_the_app_and_by_email(world):
    # The author also follows their own proposal and the consultation; the colleague follows a member.
    notifications.follow(world.author, proposal_id=world.in_theme[0].id)
    notifications.follow(world.author, consultation_id=world.consultation.id)
    notifications.follow(world.colleague, proposal_id=world.in_theme[2].id)
    _db.session.commit()
    answer(world, theme=world.theme)
    expected = {world.author, world.colleague, world.second_author, world.third_author, world.follower}
    in_app = Counter(n.user_id for n in _db.session.scalars(
        select(Notification).where(Notification.kind == Kind.RESPONSE_PUBLISHED)))
    assert in_app == Counter({person.id: 1 for person in expected})
    outbox = Counter(m.recipient for m in _db.session.scalars(select(OutboxMessage)))
    assert outbox == Counter({person.email: 1 for person in expected})
    assert world.fourth_author.email not in outbox  # their proposal is not in the theme


def test_a_hidden_proposals_author_is_not_told(world):
    reports.hide(world.moderator, world.in_theme[2], "Spam")
    _db.session.commit()
    answer(world, theme=world.theme)
    told = set(_db.session.scalars(select(Notification.user_id).where(Notification.kind == Kind.RESPONSE_PUBLISHED)))
    assert world.third_author.id not in told and world.second_author.id in told


def test_the_notification_reads_in_each_persons_language(world, app):
    world.second_author.language = "fr"
    _db.session.commit()
    answer(world, proposal=world.in_theme[1], decision="not_accepted")
    notice = _db.session.scalar(select(Notification).where(Notification.user_id == world.second_author.id))
    assert notice.params["decision"] == "not_accepted" and notice.link == f"/responses/{notice.subject_id}"
    text = notifications.text_of(notice)
    assert "Bus shelters" in text
