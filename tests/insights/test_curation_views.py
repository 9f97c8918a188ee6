"""The curation pages through real forms: each step lands, a rejected form comes back as typed with a 422,
and bad ids are 404s."""
import re

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.insights.models import DuplicateStatus, FlagStatus, Theme, ThemeMember, TriageCorrection
from tests.conftest import csrf_token, post_form
from tests.factories import moderator
from tests.insights.factories_insights import curation_world, flag_for, proposal_in


@pytest.fixture
def world(db, login):
    consultation, themes, group = curation_world(themes=3, per_theme=3)
    flag = flag_for(proposal_in(consultation, title="Renew residence permits here", body="At the town hall."))
    login(moderator(consultation.council))
    return consultation, themes, group, flag


def page_url(consultation):
    return f"/consultations/{consultation.id}/curation"


def send(client, consultation, path, data, **kwargs):
    return post_form(client, page_url(consultation) + path, data, form_url=page_url(consultation), **kwargs)


def text(response):
    return response.get_data(as_text=True)


def test_the_page_lists_themes_duplicates_and_flags(client, world):
    consultation, themes, group, flag = world
    page = client.get(page_url(consultation))
    assert page.status_code == 200
    html = text(page)
    for theme in themes:
        assert f'id="theme-{theme.id}"' in html and theme.label in html
        assert f'/consultations/proposals/{theme.members[0].proposal_id}"' in html
    assert f'id="group-{group.id}"' in html and f'id="flag-{flag.id}"' in html
    assert "renew a residence permit" in html  # the act found
    assert 'name="flag%d-authority"' % flag.id in html and "to review" in html


def test_rename_through_the_form(client, db, world):
    consultation, themes, _, _ = world
    theme = themes[0]
    response = send(client, consultation, f"/themes/{theme.id}/rename", {f"rename{theme.id}-name": "Rent deposits"})
    assert response.status_code == 302 and response.location.endswith(f"#theme-{theme.id}")
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).title == "Rent deposits"
    assert "Rent deposits" in text(client.get(page_url(consultation)))
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.seq.desc()).limit(1)) == "theme.renamed"


def test_a_rejected_rename_answers_422_and_keeps_what_was_typed(client, db, world):
    consultation, themes, _, _ = world
    theme = themes[0]
    typed = "Loyers " + "x" * 200
    response = send(client, consultation, f"/themes/{theme.id}/rename", {f"rename{theme.id}-name": typed})
    assert response.status_code == 422
    assert typed in text(response) and "is-invalid" in text(response)
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).name == ""


def test_merge_through_the_page(client, db, world):
    consultation, themes, _, _ = world
    response = send(client, consultation, "/merge", {"merge-sources": [themes[1].id, themes[2].id],
                                                     "merge-target": themes[0].id})
    assert response.status_code == 302
    db.session.expire_all()
    assert len(db.session.get(Theme, themes[0].id).members) == 9
    assert db.session.get(Theme, themes[1].id).merged_into_id == themes[0].id
    html = text(client.get(page_url(consultation)))
    assert f'id="theme-{themes[1].id}"' not in html and "The themes are merged." in html


def test_merging_a_theme_into_itself_is_refused_with_the_reason(client, db, world):
    consultation, themes, _, _ = world
    response = send(client, consultation, "/merge", {"merge-sources": [themes[0].id, themes[1].id],
                                                     "merge-target": themes[0].id})
    assert response.status_code == 422
    assert "A theme cannot be merged into itself." in text(response)
    assert re.search(rf'value="{themes[1].id}" id="merge-source-{themes[1].id}" checked', text(response))
    db.session.expire_all()
    assert db.session.get(Theme, themes[1].id).retired_at is None


@pytest.mark.parametrize("data", [{"merge-target": "1"}, {"merge-sources": "abc", "merge-target": "x"},
                                  {"merge-sources": "999999", "merge-target": "999999"}])
def test_bad_merge_values_are_422(client, world, data):
    consultation = world[0]
    assert send(client, consultation, "/merge", data).status_code == 422


def test_split_through_the_theme_page(client, db, world):
    consultation, themes, _, _ = world
    theme = themes[0]
    moving = sorted(m.proposal_id for m in theme.members)[:2]
    theme_url = f"{page_url(consultation)}/themes/{theme.id}"
    response = post_form(client, f"{theme_url}/split?in=theme", {f"split{theme.id}-proposal_ids": moving,
                                                                 f"split{theme.id}-name": "Students"},
                         form_url=theme_url)
    assert response.status_code == 302 and f"/themes/{theme.id}" in response.location
    db.session.expire_all()
    new = db.session.scalar(select(Theme).where(Theme.name == "Students"))
    assert sorted(m.proposal_id for m in new.members) == moving and all(m.pinned for m in new.members)


def test_a_split_without_a_name_keeps_the_ticks(client, db, world):
    consultation, themes, _, _ = world
    theme = themes[0]
    moving = sorted(m.proposal_id for m in theme.members)[:1]
    response = send(client, consultation, f"/themes/{theme.id}/split", {f"split{theme.id}-proposal_ids": moving,
                                                                        f"split{theme.id}-name": ""})
    assert response.status_code == 422
    assert f'value="{moving[0]}" id="split-{theme.id}-{moving[0]}" checked' in text(response)


def test_move_by_proposal_number(client, db, world):
    consultation, themes, _, _ = world
    proposal_id = themes[0].members[0].proposal_id
    target = themes[2]
    response = send(client, consultation, f"/themes/{target.id}/move", {f"move{target.id}-proposal_id": proposal_id})
    assert response.status_code == 302
    db.session.expire_all()
    member = db.session.scalar(select(ThemeMember).where(ThemeMember.proposal_id == proposal_id))
    assert member.theme_id == target.id and member.pinned
    assert "placed by a moderator" in text(client.get(f"{page_url(consultation)}/themes/{target.id}"))


@pytest.mark.parametrize("value", ["abc", "", "0", "99999999999", "999999"])
def test_a_bad_proposal_number_is_422(client, world, value):
    consultation, themes, _, _ = world
    response = send(client, consultation, f"/themes/{themes[0].id}/move", {f"move{themes[0].id}-proposal_id": value})
    assert response.status_code == 422
    assert value in text(response)


def test_another_consultations_proposal_cannot_be_moved_in(client, world):
    consultation, themes, _, _ = world
    from tests.factories import ConsultationFactory

    elsewhere = proposal_in(ConsultationFactory(council=consultation.council, phase="open"))
    response = send(client, consultation, f"/themes/{themes[0].id}/move",
                    {f"move{themes[0].id}-proposal_id": elsewhere.id})
    assert response.status_code == 422 and "no proposal with this number" in text(response)


def test_confirm_and_dismiss_a_group(client, db, world):
    consultation, _, group, _ = world
    canonical = group.proposal_ids[0]
    response = send(client, consultation, f"/duplicates/{group.id}/confirm",
                    {f"group{group.id}-canonical_id": canonical})
    assert response.status_code == 302
    db.session.expire_all()
    assert (group.status, group.canonical_id) == (DuplicateStatus.CONFIRMED, canonical)
    assert send(client, consultation, f"/duplicates/{group.id}/dismiss", {}).status_code == 302
    db.session.expire_all()
    assert group.status == DuplicateStatus.DISMISSED


def test_a_canonical_outside_the_group_is_422(client, db, world):
    consultation, themes, group, _ = world
    outsider = themes[2].members[0].proposal_id
    response = send(client, consultation, f"/duplicates/{group.id}/confirm",
                    {f"group{group.id}-canonical_id": outsider})
    assert response.status_code == 422 and "Choose one of the group" in text(response)


def test_override_a_flag_through_the_form(client, db, world):
    consultation, _, _, flag = world
    response = send(client, consultation, f"/flags/{flag.id}/override", {
        f"flag{flag.id}-level": "municipal", f"flag{flag.id}-category": "registration_civil_status",
        f"flag{flag.id}-authority": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert flag.status == FlagStatus.OVERRIDDEN and flag.effective_level == "municipal"
    correction = db.session.scalar(select(TriageCorrection))
    assert correction.council_id == consultation.council_id and "Renew residence permits here" in correction.text
    assert db.session.scalar(select(AuditEntry.council_id).where(AuditEntry.action == "mandate_flag.overridden")) == \
        consultation.council_id


def test_an_override_with_an_unknown_value_is_422_as_typed(client, db, world):
    consultation, _, _, flag = world
    response = send(client, consultation, f"/flags/{flag.id}/override", {
        f"flag{flag.id}-level": "galactic", f"flag{flag.id}-category": "public_space"})
    assert response.status_code == 422
    assert db.session.query(TriageCorrection).count() == 0


def test_confirm_a_flag(client, db, world):
    consultation, _, _, flag = world
    assert send(client, consultation, f"/flags/{flag.id}/confirm", {}).status_code == 302
    db.session.expire_all()
    assert flag.status == FlagStatus.CONFIRMED


@pytest.mark.parametrize("path", ["/themes/999999/rename", "/themes/999999/split", "/themes/999999/move",
                                  "/duplicates/999999/confirm", "/duplicates/999999/dismiss",
                                  "/flags/999999/confirm", "/flags/999999/override", "/themes/0/rename",
                                  "/themes/99999999999/rename"])
def test_unknown_ids_are_404(client, world, path):
    assert send(client, world[0], path, {}).status_code == 404


def test_objects_of_another_consultation_are_404(client, db, world):
    consultation, themes, group, flag = world
    other, other_themes, other_group = curation_world(themes=1, per_theme=2)
    token = csrf_token(client, page_url(consultation))
    for path in (f"/themes/{other_themes[0].id}/rename", f"/duplicates/{other_group.id}/dismiss"):
        response = client.post(page_url(consultation) + path, data={"csrf_token": token})
        assert response.status_code == 404
    assert client.get(f"{page_url(consultation)}/themes/{other_themes[0].id}").status_code == 404


@pytest.mark.parametrize("query", ["?page=abc", "?flags=0", "?groups=-1", "?page=%C2%B2"])
def test_bad_page_numbers_are_400(client, world, query):
    assert client.get(page_url(world[0]) + query).status_code == 400


def test_a_form_without_its_token_is_refused(client, db, world):
    consultation, themes, _, _ = world
    response = client.post(f"{page_url(consultation)}/themes/{themes[0].id}/rename",
                           data={f"rename{themes[0].id}-name": "X"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Theme, themes[0].id).name == ""


def test_the_page_in_arabic_is_right_to_left(client, world):
    consultation = world[0]
    client.post("/language/ar", data={"csrf_token": csrf_token(client, "/")})
    html = text(client.get(page_url(consultation)))
    assert 'dir="rtl"' in html
    assert "اللجوء والحماية الدولية" in html  # a category of the competence map, in Arabic


def test_two_hundred_themes_are_paginated(client, db, world):
    consultation = world[0]
    from app.extensions import db as database
    from app.insights.models import Theme as ThemeModel

    database.session.add_all(ThemeModel(consultation_id=consultation.id, label=f"many {i}") for i in range(200))
    database.session.commit()
    html = text(client.get(page_url(consultation)))
    assert html.count('class="card mb-3" id="theme-') == 20
    assert "Pages of themes" in html
    assert client.get(page_url(consultation) + "?page=11").status_code == 200


def test_a_merged_themes_page_leads_to_the_theme_it_went_into(client, db, world):
    consultation, themes, _, _ = world
    send(client, consultation, "/merge", {"merge-sources": themes[1].id, "merge-target": themes[0].id})
    response = client.get(f"{page_url(consultation)}/themes/{themes[1].id}")
    assert response.status_code == 302 and response.location.endswith(f"/themes/{themes[0].id}")


def test_a_refused_step_on_the_theme_page_comes_back_there(client, db, world):
    consultation, themes, _, _ = world
    theme = themes[0]
    theme_url = f"{page_url(consultation)}/themes/{theme.id}"
    response = post_form(client, f"{theme_url}/move?in=theme", {f"move{theme.id}-proposal_id": "12x"},
                         form_url=theme_url)
    assert response.status_code == 422
    assert "A theme and all its proposals" in text(response) and 'value="12x"' in text(response)
