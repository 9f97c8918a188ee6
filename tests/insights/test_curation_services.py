"""Curation services: each step changes what it says, is in the audit log of the consultation's council,
and a refusal changes nothing."""
import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.audit.services import verify
from app.insights import curation
from app.insights.models import DuplicateStatus, FlagStatus, Theme, ThemeMember, TriageCorrection
from app.unit_of_work import rollback
from tests.factories import ConsultationFactory, moderator
from tests.insights.factories_insights import (curation_world, duplicates_of, flag_for, proposal_in, theme_with)


@pytest.fixture
def world(db):
    consultation, themes, group = curation_world(themes=3, per_theme=3)
    return consultation, themes, group, moderator(consultation.council)


def audit_actions(council_id):
    return [e.action for e in db_entries(council_id)]


def db_entries(council_id):
    from app.extensions import db

    return db.session.scalars(select(AuditEntry).where(AuditEntry.council_id == council_id)
                              .order_by(AuditEntry.seq)).all()


def member_ids(theme):
    return sorted(m.proposal_id for m in theme.members)


def refused_without_change(db, call, theme_ids):
    """The step is refused (a CurationError) and, rolled back, nothing of it remains."""
    before = {t: (db.session.get(Theme, t).name, db.session.get(Theme, t).retired_at,
                  member_ids(db.session.get(Theme, t))) for t in theme_ids}
    with pytest.raises(curation.CurationError) as refusal:
        call()
    rollback()
    db.session.expire_all()
    after = {t: (db.session.get(Theme, t).name, db.session.get(Theme, t).retired_at,
                 member_ids(db.session.get(Theme, t))) for t in theme_ids}
    assert after == before
    assert db.session.scalars(select(AuditEntry)).all() == []
    return refusal.value


def test_rename_names_the_theme_over_its_label_and_is_audited(db, world):
    consultation, themes, _, actor = world
    curation.rename_theme(actor, themes[0], "  Rent   deposits ")
    db.session.commit()
    assert themes[0].title == "Rent deposits" and themes[0].label == "theme 0 terms"
    entry = db_entries(consultation.council_id)[-1]
    assert (entry.action, entry.subject_type, entry.subject_id, entry.actor_id) == (
        "theme.renamed", "theme", themes[0].id, actor.id)
    assert entry.details["name"] == "Rent deposits"
    assert verify().ok


def test_an_empty_name_goes_back_to_the_computed_label(db, world):
    _, themes, _, actor = world
    curation.rename_theme(actor, themes[0], "Mine")
    curation.rename_theme(actor, themes[0], "   ")
    assert themes[0].title == "theme 0 terms"


def test_merge_moves_members_keeps_pins_and_retires_the_sources(db, world):
    consultation, themes, _, actor = world
    target, first, second = themes
    pinned = first.members[0]
    pinned.pinned = True
    expected = sorted(member_ids(target) + member_ids(first) + member_ids(second))
    curation.merge_themes(actor, [first, second], target)
    db.session.commit()
    db.session.expire_all()
    assert member_ids(db.session.get(Theme, target.id)) == expected
    assert db.session.get(ThemeMember, pinned.id).pinned is True
    for source in (first, second):
        source = db.session.get(Theme, source.id)
        assert source.retired_at is not None and source.merged_into_id == target.id and source.members == []
    assert db.session.get(Theme, target.id).languages == {"en": 9}
    entry = db_entries(consultation.council_id)[-1]
    assert entry.action == "theme.merged" and entry.details["sources"] == [first.id, second.id]


@pytest.mark.parametrize("case", ["itself", "retired target", "retired source", "nothing", "other consultation"])
def test_merge_refusals_change_nothing(db, world, case):
    consultation, themes, _, actor = world
    target, first, second = themes
    if case == "retired target":
        curation.merge_themes(actor, [target], second)
        db.session.commit()
        db.session.query(AuditEntry).delete()  # only the refused step's entries matter here
        db.session.commit()
    if case == "retired source":
        curation.merge_themes(actor, [first], second)
        db.session.commit()
        db.session.query(AuditEntry).delete()
        db.session.commit()
    foreign = theme_with(ConsultationFactory(council=consultation.council, phase="open"), [])
    sources = {"itself": [first, target], "retired target": [first], "retired source": [first],
               "nothing": [], "other consultation": [foreign]}[case]
    error = refused_without_change(db, lambda: curation.merge_themes(actor, sources, target),
                                   [t.id for t in themes])
    assert str(error.message)


def test_split_makes_a_new_theme_of_pinned_members(db, world):
    consultation, themes, _, actor = world
    theme = themes[0]
    moving = member_ids(theme)[:2]
    new = curation.split_theme(actor, theme, moving, "Deposits for students")
    db.session.commit()
    db.session.expire_all()
    new = db.session.get(Theme, new.id)
    assert new.title == "Deposits for students" and member_ids(new) == moving
    assert all(m.pinned for m in new.members)
    assert len(db.session.get(Theme, theme.id).members) == 1
    assert set(new.quotes) <= set(moving) and new.quotes
    entry = db_entries(consultation.council_id)[-1]
    assert entry.action == "theme.split" and entry.details["proposals"] == moving


@pytest.mark.parametrize("case", ["none", "all", "foreign", "no name"])
def test_split_refusals_change_nothing(db, world, case):
    _, themes, _, actor = world
    theme, other = themes[0], themes[1]
    ids = {"none": [], "all": member_ids(theme), "foreign": [member_ids(other)[0]],
           "no name": member_ids(theme)[:1]}[case]
    count = db.session.query(Theme).count()
    refused_without_change(db, lambda: curation.split_theme(actor, theme, ids, "" if case == "no name" else "New"),
                           [t.id for t in themes])
    assert db.session.query(Theme).count() == count


def test_move_pins_the_submission_in_its_new_theme(db, world):
    consultation, themes, _, actor = world
    source, target = themes[0], themes[1]
    proposal_id = member_ids(source)[0]
    from app.consultations.proposals.models import Proposal

    curation.move_submission(actor, db.session.get(Proposal, proposal_id), target)
    db.session.commit()
    db.session.expire_all()
    member = db.session.scalar(select(ThemeMember).where(ThemeMember.proposal_id == proposal_id))
    assert member.theme_id == target.id and member.pinned
    assert proposal_id not in db.session.get(Theme, source.id).quotes
    entry = db_entries(consultation.council_id)[-1]
    assert entry.action == "theme.member_moved" and entry.details == {"proposal": proposal_id,
                                                                       "from_theme": source.id}


def test_a_proposal_outside_every_theme_can_be_placed(db, world):
    consultation, themes, _, actor = world
    loose = proposal_in(consultation, title="Not in a theme")
    member = curation.move_submission(actor, loose, themes[2])
    assert member.theme_id == themes[2].id and member.pinned


def test_move_refuses_another_consultations_proposal_or_a_retired_theme(db, world):
    consultation, themes, _, actor = world
    other = proposal_in(ConsultationFactory(phase="open"), title="Elsewhere")
    refused_without_change(db, lambda: curation.move_submission(actor, other, themes[0]), [t.id for t in themes])
    curation.merge_themes(actor, [themes[1]], themes[0])
    db.session.commit()
    db.session.query(AuditEntry).delete()
    db.session.commit()
    mine = proposal_in(consultation, title="Mine")
    refused_without_change(db, lambda: curation.move_submission(actor, mine, themes[1]), [t.id for t in themes])


def test_confirm_and_dismiss_duplicates(db, world):
    consultation, _, group, actor = world
    canonical = group.proposal_ids[1]
    curation.confirm_duplicates(actor, group, canonical)
    assert (group.status, group.canonical_id, group.decided_by_id) == (DuplicateStatus.CONFIRMED, canonical, actor.id)
    curation.dismiss_duplicates(actor, group)
    db.session.commit()
    assert group.status == DuplicateStatus.DISMISSED and group.decided_at is not None
    assert audit_actions(consultation.council_id)[-2:] == ["duplicates.confirmed", "duplicates.dismissed"]


def test_a_canonical_outside_the_group_or_a_retired_group_is_refused(db, world):
    consultation, _, group, actor = world
    outsider = proposal_in(consultation, title="Outsider")
    with pytest.raises(curation.CurationError):
        curation.confirm_duplicates(actor, group, outsider.id)
    assert group.status == DuplicateStatus.OPEN
    rollback()
    from app.clock import utcnow

    retired = duplicates_of(consultation, [outsider, proposal_in(consultation)], retired_at=utcnow())
    with pytest.raises(curation.CurationError):
        curation.dismiss_duplicates(actor, retired)


def test_confirm_flag_keeps_the_automatic_answer(db, world):
    consultation, _, _, actor = world
    flag = flag_for(proposal_in(consultation, title="Renew my permit"))
    curation.confirm_flag(actor, flag)
    db.session.commit()
    assert (flag.status, flag.effective_level, flag.needs_review) == (FlagStatus.CONFIRMED, "national", True)
    assert audit_actions(consultation.council_id)[-1] == "mandate_flag.confirmed"
    assert db.session.query(TriageCorrection).count() == 0


def test_override_changes_the_effective_triage_and_teaches_the_council(db, world):
    consultation, _, _, actor = world
    item = proposal_in(consultation, title="A bench near the prefecture", body="Where people queue for permits.")
    flag = flag_for(item)
    choices = curation.mandate_choices(consultation.council)
    authority = choices.usual["public_space"]["authority"]
    curation.override_flag(actor, flag, "municipal", "public_space", authority)
    db.session.commit()
    assert flag.status == FlagStatus.OVERRIDDEN and not flag.outside_mandate
    assert (flag.effective_level, flag.effective_category, flag.effective_authority) == (
        "municipal", "public_space", authority)
    assert flag.level == "national"  # the engine's answer stays, for comparison
    correction = db.session.scalar(select(TriageCorrection))
    assert (correction.council_id, correction.proposal_id, correction.level, correction.category) == (
        consultation.council_id, item.id, "municipal", "public_space")
    assert correction.text == "A bench near the prefecture\nWhere people queue for permits."
    entry = db_entries(consultation.council_id)[-1]
    assert entry.action == "mandate_flag.overridden" and entry.details["before"]["level"] == "national"


@pytest.mark.parametrize("level, category, authority, field", [
    ("galactic", "public_space", "", "level"),
    ("municipal", "astrology", "", "category"),
    ("municipal", "public_space", "Someone we made up", "authority"),
])
def test_an_override_outside_the_competence_map_is_refused(db, world, level, category, authority, field):
    consultation, _, _, actor = world
    flag = flag_for(proposal_in(consultation))
    with pytest.raises(curation.CurationError) as refusal:
        curation.override_flag(actor, flag, level, category, authority)
    assert refusal.value.field == field
    rollback()
    db.session.expire_all()
    assert flag.status == FlagStatus.AUTOMATIC and flag.override_level == ""
    assert db.session.query(TriageCorrection).count() == 0


def test_choices_come_from_the_councils_competence_map(db, world):
    consultation = world[0]
    choices = curation.mandate_choices(consultation.council, "ar")
    assert choices.levels == ("municipal", "shared", "regional", "national")
    assert "residence_permits" in choices.categories and choices.categories["asylum"] == "اللجوء والحماية الدولية"
    assert choices.usual["residence_permits"]["authority"] in choices.authorities


def test_listings_for_the_page(db, world):
    consultation, themes, group, actor = world
    curation.merge_themes(actor, [themes[1]], themes[0])
    db.session.commit()
    listed = db.session.scalars(curation.active_themes(consultation)).all()
    assert [theme.id for theme in listed] == [themes[0].id, themes[2].id]
    assert curation.theme_sizes([themes[0].id, themes[2].id]) == {themes[0].id: 6, themes[2].id: 3}
    assert [t for t, _ in curation.theme_choices(consultation)] == [themes[0].id, themes[2].id]
    first = proposal_in(consultation, title="Sure")
    second = proposal_in(consultation, title="Doubtful")
    flag_for(first, needs_review=False, level="municipal")
    flag_for(second)
    listed = [flag.proposal_id for flag in db.session.scalars(curation.mandate_flags(consultation))]
    assert listed == [second.id, first.id]
    assert curation.waiting_flags(consultation) == 1


def test_the_authority_the_engine_named_may_be_kept_in_an_override(db, world):
    consultation, _, _, actor = world
    flag = flag_for(proposal_in(consultation), authority="Ministère de l'Intérieur")
    assert flag.authority not in curation.mandate_choices(consultation.council).authorities
    curation.override_flag(actor, flag, "national", "asylum", flag.authority)
    assert flag.effective_authority == "Ministère de l'Intérieur" and flag.effective_category == "asylum"


def test_crossed_merges_at_the_same_time_never_make_a_cycle(concurrent_app):
    from app.extensions import db as database
    from tests.conftest import race

    with concurrent_app.app_context():
        consultation, themes, _ = curation_world(themes=2, per_theme=1)
        actor_id, first, second = moderator(consultation.council).id, themes[0].id, themes[1].id

    def merge(source_id, target_id):
        from app.accounts.models import User

        get = database.session.get
        try:
            curation.merge_themes(get(User, actor_id), [get(Theme, source_id)], get(Theme, target_id))
            return "merged"
        except curation.CurationError:
            return "refused"

    calls = iter([(first, second), (second, first)])
    results = race(concurrent_app, lambda: merge(*next(calls)))
    assert sorted(results) == ["merged", "refused"]
    with concurrent_app.app_context():
        retired = database.session.scalars(select(Theme).where(Theme.retired_at.is_not(None))).all()
        assert len(retired) == 1
        database.session.remove()
