"""What the public pages show: the trail on every proposal page, corrections with their history,
overdue at the date boundary in the council's time zone, "you said, we did", accountability, home."""
from datetime import datetime, timedelta, timezone

import pytest

from app.extensions import db as _db
from app.insights.models import MandateFlag
from app.moderation import reports
from app.responses import services
from app.responses.queries import council_today
from app.responses.trail import response_due
from tests.conftest import csrf_token, post_form

from .conftest import answer


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_theme_answer_shows_on_every_member_proposal_page(client, world):
    answer(world, theme=world.theme, decision="accepted_in_part", reason="Night lines from June.",
           commitment={"what": "Two night lines"})
    for proposal in world.in_theme:
        html = page(client, f"/consultations/proposals/{proposal.id}")
        assert "Night lines from June." in html and "accepted in part" in html
        assert "Two night lines" in html and "Public transport" in html
    html = page(client, f"/consultations/proposals/{world.single.id}")
    assert "awaiting response" in html and "Night lines from June." not in html


def test_an_own_answer_takes_precedence_on_the_page(client, world):
    answer(world, theme=world.theme, reason="Theme-wide answer.")
    answer(world, proposal=world.in_theme[1], decision="not_accepted", reason="No shelters this year.")
    html = page(client, f"/consultations/proposals/{world.in_theme[1].id}")
    assert "No shelters this year." in html and "Theme-wide answer." not in html
    assert "Theme-wide answer." in page(client, f"/consultations/proposals/{world.in_theme[0].id}")


def test_a_correction_shows_the_new_version_and_keeps_the_old_one(client, world):
    thread = answer(world, theme=world.theme, decision="under_study", reason="We are studying it.")
    services.save_draft(thread, world.drafter, decision="accepted", reason="Accepted after the budget vote.",
                        language="en", correction_reason="The budget was voted on 3 March.")
    services.submit_for_review(thread, world.drafter)
    services.publish(thread, world.reviewer)
    _db.session.commit()
    for url in (f"/responses/{thread.id}", f"/consultations/proposals/{world.in_theme[0].id}"):
        html = page(client, url)
        assert "Accepted after the budget vote." in html and "The budget was voted on 3 March." in html
        assert "We are studying it." in html and "Earlier versions of this answer (1)" in html


def test_awaiting_response_says_when_the_answer_is_due(client, world):
    due = response_due(world.consultation)
    assert due is not None
    html = page(client, f"/consultations/proposals/{world.single.id}")
    assert "awaiting response" in html and str(due.year) in html


def test_the_trail_shows_the_triage_and_the_referral(client, world):
    _db.session.add(MandateFlag(consultation_id=world.consultation.id, proposal_id=world.single.id,
                                level="national", authority="Ministry of Interior"))
    _db.session.commit()
    answer(world, proposal=world.single, decision="outside_mandate", reason="Residence permits are national.",
           referral_authority="Ministry of Interior")
    html = page(client, f"/consultations/proposals/{world.single.id}")
    assert "national (outside the city" in html and "Referred to" in html and "Ministry of Interior" in html


@pytest.mark.parametrize("days, overdue", [(1, False), (0, False), (-1, True)],
                         ids=["the day before", "the day of", "the day after"])
def test_overdue_at_the_date_boundary_on_every_page(client, world, days, overdue):
    today = council_today(world.council.time_zone)
    thread = answer(world, theme=world.theme, commitment={"what": "Two night lines",
                                                          "due_date": today + timedelta(days=days)})
    urls = [f"/consultations/proposals/{world.in_theme[0].id}", f"/responses/{thread.id}",
            f"/councils/{world.council.id}/accountability",
            f"/consultations/{world.consultation.id}/you-said-we-did"]
    for url in urls:
        html = page(client, url)
        assert "Two night lines" in html
        assert ("badge text-bg-danger overdue" in html) is overdue, url


def test_overdue_counts_days_in_the_councils_time_zone_not_in_utc(client, world):
    """Pick a zone whose date differs from UTC's right now, and a due date that UTC and the council
    judge differently: the page follows the council."""
    now = datetime.now(timezone.utc)
    zone = "Pacific/Kiritimati" if now.hour >= 10 else "Pacific/Pago_Pago"  # UTC+14 / UTC-11
    world.council.time_zone = zone
    _db.session.commit()
    council_date, utc_date = council_today(zone), now.date()
    assert council_date != utc_date
    due = utc_date if council_date > utc_date else council_date  # overdue for the council / for UTC only
    answer(world, theme=world.theme, commitment={"what": "Two night lines", "due_date": due})
    html = page(client, f"/councils/{world.council.id}/accountability")
    assert ("badge text-bg-danger overdue" in html) is (council_date > utc_date)


def test_you_said_we_did_shows_themes_decisions_and_commitments(client, world):
    answer(world, theme=world.theme, decision="accepted", reason="Night lines from June.",
           commitment={"what": "Two night lines"})
    answer(world, proposal=world.single, decision="under_study", reason="Sunday opening is studied.")
    html = page(client, f"/consultations/{world.consultation.id}/you-said-we-did")
    assert "Public transport" in html and "3 proposals" in html
    assert "Buses after midnight" in html  # a quote
    assert "Night lines from June." in html and "Two night lines" in html
    assert "Library hours" in html and "Sunday opening is studied." in html
    assert "How should the city welcome newcomers?" in html  # what was asked
    assert "@example.org" not in html


def test_you_said_we_did_leaves_hidden_proposals_out(client, world):
    reports.hide(world.moderator, world.in_theme[0], "Spam")
    answer(world, proposal=world.in_theme[0], reason="Answer to a hidden proposal.")
    html = page(client, f"/consultations/{world.consultation.id}/you-said-we-did")
    assert "Buses after midnight" not in html and "2 proposals" in html
    assert "Answer to a hidden proposal." not in html


def test_who_took_part_is_suppressed_below_k(client, world):
    world.council.k_anonymity = 3  # one organisation member wrote, three individuals did
    _db.session.commit()
    html = page(client, f"/consultations/{world.consultation.id}/you-said-we-did")
    assert "not shown" in html


def test_drafts_are_not_public(client, world):
    thread = answer(world, theme=world.theme, reason="Secret draft.", publish=False)
    assert client.get(f"/responses/{thread.id}").status_code == 404
    assert "Secret draft." not in page(client, f"/consultations/proposals/{world.in_theme[0].id}")
    assert "Secret draft." not in page(client, f"/consultations/{world.consultation.id}/you-said-we-did")


def test_accountability_filters(client, world):
    today = council_today(world.council.time_zone)
    thread = answer(world, theme=world.theme, commitment={"what": "Late works", "department": "Works",
                                                          "due_date": today - timedelta(days=3)})
    services.add_commitment(thread, world.drafter, what="Future lines", department="Transport",
                            due_date=today + timedelta(days=30))
    services.update_commitment(thread.commitments[1], world.drafter, status="in_progress", body="Started")
    _db.session.commit()
    base = f"/councils/{world.council.id}/accountability"
    assert "Late works" in page(client, base) and "Future lines" in page(client, base)
    overdue = page(client, base + "?overdue=1")
    assert "Late works" in overdue and "Future lines" not in overdue
    by_status = page(client, base + "?status=in_progress")
    assert "Future lines" in by_status and "Late works" not in by_status
    by_department = page(client, base + "?department=Works")
    assert "Late works" in by_department and "Future lines" not in by_department
    assert "Late works" in page(client, base + f"?consultation={world.consultation.id}")
    assert "Late works" not in page(client, f"/councils/{world.other.id}/accountability")


def test_home_page_and_my_activity_show_the_answer(client, login, world):
    answer(world, theme=world.theme, decision="accepted", reason="Night lines from June.",
           commitment={"what": "Two night lines"})
    assert "Public transport" in page(client, "/")
    login(world.colleague)  # the organisation's other member sees the organisation's proposal
    html = page(client, "/consultations/mine")
    assert "Night buses" in html and "accepted" in html and "Two night lines" in html


def test_a_cached_anonymous_page_shows_the_answer_once_published(client, world):
    url = f"/consultations/proposals/{world.in_theme[0].id}"
    assert "awaiting response" in page(client, url)  # now cached for anonymous visitors
    answer(world, theme=world.theme, reason="Night lines from June.")
    assert "Night lines from June." in page(client, url)


def test_a_correction_through_the_form_adds_a_version(client, login, world):
    thread = answer(world, theme=world.theme, decision="under_study", reason="We are studying it.")
    login(world.drafter)
    url = f"/responses/{thread.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert "We are studying it." in form and 'id="correction_reason"' in form
    response = post_form(client, url, {"decision": "accepted", "reason": "Accepted now.", "language": "en",
                                       "correction_reason": "Budget voted.", "form_token": "fix-1"})
    assert response.status_code == 302
    _db.session.expire_all()
    assert [v.number for v in thread.versions] == [1, 2]
    assert thread.versions[1].correction_reason == "Budget voted." and thread.versions[1].status.value == "draft"
    # The public still reads version 1 until the correction is reviewed and published.
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/")})
    html = page(client, f"/consultations/proposals/{world.in_theme[0].id}")
    assert "We are studying it." in html and "Accepted now." not in html
