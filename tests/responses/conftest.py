"""A council in its follow-up phase: a theme of three proposals (one by an organisation's member), a
proposal outside the theme, the council's commissioners and secretariat, and the same roles elsewhere."""
from datetime import date

import pytest

from app.consultations.proposals import services as proposals
from app.extensions import db as _db
from app.insights.models import Theme, ThemeMember
from app.notifications import services as notifications
from app.responses import services
from tests.factories import (ConsultationFactory, CouncilFactory, MembershipFactory, OrganisationFactory,
                             UserFactory, commissioner, council_member, moderator)


class World(dict):
    __getattr__ = dict.__getitem__


@pytest.fixture
def world(db):
    council = CouncilFactory(time_zone="Africa/Tunis", k_anonymity=2)
    other = CouncilFactory()
    consultation = ConsultationFactory(council=council, phase="follow_up")
    organisation = OrganisationFactory(council=council)
    author = MembershipFactory(organisation=organisation).user
    colleague = MembershipFactory(organisation=organisation).user
    second_author = council_member(council)
    third_author = council_member(council)
    fourth_author = council_member(council)
    in_theme = [
        proposals.submit_proposal(author, consultation, title="Night buses", body="Buses after midnight",
                                  organisation=organisation),
        proposals.submit_proposal(second_author, consultation, title="Bus shelters", body="Shade at stops"),
        proposals.submit_proposal(third_author, consultation, title="Cheaper passes", body="Reduced fares"),
    ]
    single = proposals.submit_proposal(fourth_author, consultation, title="Library hours",
                                       body="Open the library on Sunday")
    theme = Theme(consultation_id=consultation.id, label="transport", name="Public transport",
                  quotes=[p.id for p in in_theme[:2]])
    _db.session.add(theme)
    _db.session.flush()
    for proposal in in_theme:
        _db.session.add(ThemeMember(theme_id=theme.id, proposal_id=proposal.id))
    follower = UserFactory()
    notifications.follow(follower, consultation_id=consultation.id)
    _db.session.commit()
    return World(
        council=council, other=other, consultation=consultation, organisation=organisation, theme=theme,
        in_theme=in_theme, single=single, author=author, colleague=colleague, second_author=second_author,
        third_author=third_author, fourth_author=fourth_author, follower=follower,
        drafter=commissioner(council), reviewer=commissioner(council), moderator=moderator(council),
        commissioner_other=commissioner(other), moderator_other=moderator(other),
        participant=MembershipFactory(organisation=OrganisationFactory(council=council)).user)


def answer(world, *, theme=None, proposal=None, decision="accepted", reason="We will do it.", publish=True,
           commitment=None, **extra):
    """A response drafted by the world's drafter and published by its reviewer (committed)."""
    thread = services.thread_for(world.consultation, theme=theme, proposal=proposal)
    services.save_draft(thread, world.drafter, decision=decision, reason=reason, language="en", **extra)
    if commitment is not None:
        services.add_commitment(thread, world.drafter, what=commitment.get("what", "Run night buses"),
                                department=commitment.get("department", "Transport"),
                                due_date=commitment.get("due_date", date(2030, 1, 1)))
    if publish:
        services.submit_for_review(thread, world.drafter)
        services.publish(thread, world.reviewer)
    _db.session.commit()
    return thread
