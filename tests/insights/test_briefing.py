"""The briefing's view-model: every outside-mandate item under its authority, hidden proposals left out,
small cells suppressed, themes with labels in the reader's language and quotes, campaigns, opinion groups
(none below k) and the items awaiting a response. Rows of the analysis are made directly (small
factories below), as an analysis run would leave them."""
from types import SimpleNamespace

import pytest

from app.clock import utcnow
from app.consultations.deliberation.models import Statement, StatementStatus
from app.consultations.proposals.models import Proposal
from app.extensions import db as _db
from app.insights import briefing as service
from app.insights.models import (DuplicateGroup, DuplicateStatus, FlagStatus, MandateFlag, OpinionSnapshot, Theme,
                                 ThemeMember)
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory, UserFactory

AR_TITLE = "السكن اللائق للقادمين الجدد"
AR_LABEL = "الإيجار والسكن"


# Factories ---------------------------------------------------------------------------------------

def add_proposal(consultation, title, organisation=None, language="en", hidden=False, supports=0, body=None):
    author = MembershipFactory(organisation=organisation).user if organisation else UserFactory()
    proposal = Proposal(consultation_id=consultation.id, author_id=author.id, title=title, body=body or f"{title}.",
                        organisation_id=organisation.id if organisation else None, language=language,
                        support_count=supports)
    if hidden:
        proposal.hidden_at, proposal.hidden_reason = utcnow(), "Insults a neighbour"
    _db.session.add(proposal)
    _db.session.commit()
    return proposal


def add_theme(consultation, proposals, label="rent housing", labels=None, quotes=None, name=""):
    theme = Theme(consultation_id=consultation.id, label=label, labels=labels or {}, name=name,
                  quotes=quotes if quotes is not None else [p.id for p in proposals[:3]])
    theme.members = [ThemeMember(proposal_id=p.id) for p in proposals]
    _db.session.add(theme)
    _db.session.commit()
    return theme


def add_flag(proposal, level, authority="", category="residence_permits", **override):
    flag = MandateFlag(consultation_id=proposal.consultation_id, proposal_id=proposal.id, level=level,
                       authority=authority, category=category, **override)
    if override:
        flag.status = FlagStatus.OVERRIDDEN
    _db.session.add(flag)
    _db.session.commit()
    return flag


def add_statement(consultation, text, hidden=False):
    statement = Statement(consultation_id=consultation.id, text=text, seeded=True, status=StatementStatus.APPROVED,
                          hidden_at=utcnow() if hidden else None)
    _db.session.add(statement)
    _db.session.commit()
    return statement


def add_snapshot(consultation, groups, consensus=(), divisive=(), participants=12):
    snapshot = OpinionSnapshot(consultation_id=consultation.id, participants=participants, groups=groups,
                               consensus=list(consensus), divisive=list(divisive))
    _db.session.add(snapshot)
    _db.session.commit()
    return snapshot


def world(phase="response", **consultation_fields):
    """A consultation with two organisations, five visible proposals and one hidden, a theme, a campaign,
    flags (inside and outside the mandate, automatic and overridden) and opinion groups."""
    consultation = ConsultationFactory(phase=phase, **consultation_fields)
    council = consultation.council
    sahel, atlas = OrganisationFactory(council=council, name="Sahel Solidarité"), OrganisationFactory(
        council=council, name="Atlas Newcomers")
    p = SimpleNamespace(
        permits=add_proposal(consultation, "Faster permit renewals", sahel, supports=4),
        asylum=add_proposal(consultation, "Asylum interviews with interpreters", atlas, supports=2),
        buses=add_proposal(consultation, "Night buses to the suburbs", sahel, language="fr"),
        rent=add_proposal(consultation, "Cap rents for newcomers", atlas, supports=1),
        health=add_proposal(consultation, "Health cards for all", None),
        hidden=add_proposal(consultation, "Zanzibar hidden plea", sahel, hidden=True))
    theme = add_theme(consultation, [p.rent, p.buses, p.hidden], labels={"ar": AR_LABEL, "fr": "loyers logement"},
                      quotes=[p.hidden.id, p.rent.id])
    add_flag(p.permits, "national", "Ministry of the Interior")
    add_flag(p.asylum, "national", "Ministry of the Interior", category="asylum")
    add_flag(p.health, "regional", "Regional health service", category="health")
    add_flag(p.buses, "municipal", "City hall", category="transport")
    add_flag(p.rent, "municipal", "City hall", category="housing", override_level="national",
             override_authority="Ministry of Housing")
    add_flag(p.hidden, "national", "Ministry of the Interior")
    campaign = DuplicateGroup(consultation_id=consultation.id, proposal_ids=[p.permits.id, p.asylum.id, p.hidden.id],
                              canonical_id=p.hidden.id, status=DuplicateStatus.CONFIRMED, similarity=0.93)
    dismissed = DuplicateGroup(consultation_id=consultation.id, proposal_ids=[p.rent.id, p.health.id],
                               canonical_id=p.rent.id, status=DuplicateStatus.DISMISSED)
    _db.session.add_all([campaign, dismissed])
    _db.session.commit()
    return SimpleNamespace(consultation=consultation, council=council, p=p, theme=theme, sahel=sahel, atlas=atlas)


def build(app, consultation, language="en"):
    with app.test_request_context(headers={"Accept-Language": language}):
        return service.build_briefing(_db.session.get(type(consultation), consultation.id), language)


# Outside the mandate -----------------------------------------------------------------------------

def test_every_outside_mandate_item_is_listed_under_its_authority(app):
    w = world()
    found = build(app, w.consultation)
    listed = {r.authority: [i.proposal.id for i in r.items] for r in found.referrals}
    assert listed == {"Ministry of the Interior": [w.p.permits.id, w.p.asylum.id],
                      "Regional health service": [w.p.health.id],
                      "Ministry of Housing": [w.p.rent.id]}  # a moderator's override wins; municipal ones stay out
    interior = found.referrals[0]
    assert (interior.number, interior.proposals, interior.organisations) == (1, 2, 2)
    assert "Ministry of the Interior" in interior.text and w.p.permits.title in interior.text
    assert f"/consultations/proposals/{w.p.asylum.id}" in interior.text
    assert "2 proposals from 2 organisations" in interior.text


def test_a_level_overridden_without_an_authority_goes_to_the_competence_maps_authority(app):
    consultation = ConsultationFactory(phase="response")
    proposal = add_proposal(consultation, "Papers for students")
    add_flag(proposal, "municipal", "Municipalité", category="residence_permits", override_level="national")
    [referral] = build(app, consultation).referrals
    assert referral.authority != "Municipalité" and referral.authority  # the map's national authority for Tunis
    assert referral.items[0].proposal.id == proposal.id


def test_categories_are_named_in_the_readers_language(app):
    w = world()
    interior = build(app, w.consultation, "fr").referrals[0]
    assert {c.label for c in interior.categories} == {"Titres de séjour et autorisations de travail",
                                                      "Asile et protection internationale"}


# Hidden content ----------------------------------------------------------------------------------

def test_hidden_proposals_are_left_out_of_every_part(app):
    w = world()
    w.council.k_anonymity = 2  # the theme's two visible proposals are counted, not suppressed
    found = build(app, w.consultation)
    hidden = w.p.hidden.id
    theme = found.themes[0]
    assert theme.size == 2 and hidden not in [q.proposal.id for q in theme.quotes]
    assert [q.proposal.id for q in theme.quotes] == [w.p.rent.id]
    assert all(hidden not in [i.proposal.id for i in r.items] for r in found.referrals)
    [campaign] = found.duplicates  # the dismissed group is not a campaign
    assert campaign.size == 2 and campaign.canonical.id == w.p.permits.id and hidden not in campaign.proposal_ids
    assert hidden not in [p.id for p in found.awaiting.proposals]
    assert found.participation.proposals == 5


def test_a_theme_whose_members_are_all_hidden_is_not_shown(app):
    consultation = ConsultationFactory(phase="response")
    add_theme(consultation, [add_proposal(consultation, "Hidden one", hidden=True)])
    found = build(app, consultation)
    assert found.themes == [] and found.awaiting.themes == []


# Small cells -------------------------------------------------------------------------------------

def test_counts_of_people_below_k_are_suppressed(app):
    w = world()  # five authors, k = 5 by default; then k = 10
    w.council.k_anonymity = 10
    _db.session.commit()
    p = build(app, w.consultation).participation
    assert p.people is None and p.k == 10
    assert all(c.value is None for c in p.organisation_types if c.value)  # 2 organisations of one type < 10
    assert next(c for c in p.channels if c.key == "proposals").value is None
    assert any("Fewer than 10 people took part" in caveat for caveat in p.caveats)


def test_counts_of_people_at_or_above_k_are_shown(app):
    w = world()
    w.council.k_anonymity = 3
    _db.session.commit()
    p = build(app, w.consultation).participation
    assert p.people == 5 and p.organisations == 2


def test_opinion_groups_below_k_are_never_shown(app):
    w = world()
    unites, splits, hidden = (add_statement(w.consultation, t) for t in ("Ramps everywhere", "Ban cars", "Hidden"))
    hidden.hidden_at = utcnow()
    _db.session.commit()
    add_snapshot(w.consultation, [
        {"id": 0, "size": 7, "representative": [{"statement_id": splits.id, "agree_share": 0.9},
                                                {"statement_id": hidden.id, "agree_share": 0.8}]},
        {"id": 1, "size": 4, "representative": [{"statement_id": unites.id, "agree_share": 1.0}]},
    ], consensus=[{"statement_id": unites.id, "agree_share": 0.95}],
        divisive=[{"statement_id": splits.id, "agree_share": 0.5}], participants=11)
    opinion = build(app, w.consultation).opinion
    assert [(g.number, g.size) for g in opinion.groups] == [(1, 7)] and opinion.groups_not_shown == 1
    assert [s.text for s in opinion.groups[0].representative] == ["Ban cars"]  # the hidden statement is left out
    assert [s.text for s in opinion.consensus] == ["Ramps everywhere"] and opinion.participants == 11


# Themes and awaiting -----------------------------------------------------------------------------

def test_a_theme_reads_in_the_readers_language_with_quotes_organisations_supports_and_languages(app):
    w = world()
    w.council.k_anonymity = 1  # no count suppressed: the counts themselves are checked
    ar, en = build(app, w.consultation, "ar").themes[0], build(app, w.consultation, "en").themes[0]
    assert (ar.title, en.title) == (AR_LABEL, "rent housing")
    assert en.organisation_names == ["Atlas Newcomers", "Sahel Solidarité"] and en.organisations == 2
    assert en.supports == 1 and en.languages == {"en": 1, "fr": 1}
    assert en.quotes[0].proposal.path == f"/consultations/proposals/{w.p.rent.id}"


def test_a_moderators_name_wins_over_the_computed_label(app):
    w = world()
    w.theme.name = "Housing costs"
    _db.session.commit()
    assert build(app, w.consultation, "ar").themes[0].title == "Housing costs"


def test_awaiting_response_lists_every_visible_proposal_and_theme(app):
    w = world()
    w.council.k_anonymity = 2
    with app.test_request_context():
        waiting = service.awaiting_response(w.consultation)
    assert sorted(p.id for p in waiting.proposals) == sorted(
        [w.p.permits.id, w.p.asylum.id, w.p.buses.id, w.p.rent.id, w.p.health.id])
    assert [(t.id, t.size) for t in waiting.themes] == [(w.theme.id, 2)]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_briefing_builds_in_every_language(app, language):
    w = world()
    assert build(app, w.consultation, language).referrals[0].text.count("\n") > 8


def publish_response(consultation, *, theme=None, proposal=None, status="published"):
    from app.responses.models import Decision, Response, ResponseVersion
    response = Response(consultation_id=consultation.id, theme_id=theme and theme.id, proposal_id=proposal and proposal.id)
    response.versions.append(ResponseVersion(decision=Decision.UNDER_STUDY, reason="We are studying it.",
                                             status=status, published_at=utcnow() if status == "published" else None))
    _db.session.add(response)
    _db.session.commit()


def test_what_the_city_answered_no_longer_awaits_directly_or_through_its_theme(app):
    w = world()
    publish_response(w.consultation, theme=w.theme)
    publish_response(w.consultation, proposal=w.p.permits)
    publish_response(w.consultation, proposal=w.p.asylum, status="draft")  # a draft answers nobody
    with app.test_request_context():
        waiting = service.awaiting_response(w.consultation)
    assert sorted(p.id for p in waiting.proposals) == sorted([w.p.asylum.id, w.p.health.id])
    assert waiting.themes == []
