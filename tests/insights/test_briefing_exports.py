"""The briefing on screen, in print, as PDF (Arabic shaped and extractable), CSV and JSON: no e-mail or
author's name anywhere, hidden content left out, small cells suppressed, every outside-mandate item under
its authority, each referral downloadable as text."""
import csv
import io
import json
import re

import pypdf
import pytest

from app.accounts.models import User
from app.extensions import db as _db
from tests.factories import UserFactory, commissioner
from tests.insights.test_briefing import AR_LABEL, AR_TITLE, world

HIDDEN = "Zanzibar hidden plea"
PEOPLE_SECTIONS = ("participation", "people_who", "organisation_type", "representation")


def everyone():
    return _db.session.scalars(_db.select(User)).all()


def section(html: str, anchor_id: str) -> str:
    """The HTML of one <article id=...> of the page."""
    match = re.search(rf'<article[^>]*id="{anchor_id}".*?</article>', html, re.S)
    assert match, anchor_id
    return match.group(0)


def test_the_page_lists_each_outside_mandate_item_under_its_authority_with_a_referral(client):
    w = world()
    html = client.get(f"/consultations/{w.consultation.id}/briefing").get_data(as_text=True)
    interior, housing, health = (section(html, f"referral-{n}") for n in (1, 2, 3))  # most items first, then by name
    assert "Ministry of the Interior" in interior and w.p.permits.title in interior and w.p.asylum.title in interior
    assert "Ministry of Housing" in housing and w.p.rent.title in housing
    assert "Regional health service" in health and w.p.health.title in health
    assert w.p.buses.title not in interior + health + housing  # municipal
    assert f'href="/consultations/proposals/{w.p.permits.id}"' in interior
    assert "Referral ready to send" in interior and 'href="/consultations/' in interior
    assert HIDDEN not in html


def test_the_page_links_the_print_stylesheet_and_the_downloads(client):
    w = world()
    html = client.get(f"/consultations/{w.consultation.id}/briefing").get_data(as_text=True)
    assert re.search(r'<link[^>]+css/print\.css[^>]+media="print"', html)
    for suffix in (".pdf", ".csv", ".json"):
        assert f'/consultations/{w.consultation.id}/briefing{suffix}"' in html
    assert client.get("/static/css/print.css").status_code == 200


def test_a_referral_downloads_as_plain_text(client):
    w = world()
    response = client.get(f"/consultations/{w.consultation.id}/briefing/referrals/1.txt")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/plain" and "attachment" in response.headers["Content-Disposition"]
    assert text.startswith("To: Ministry of the Interior") and w.p.asylum.title in text and HIDDEN not in text


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_files_hold_no_email_or_authors_name_nor_hidden_content(client, suffix):
    w = world()
    body = client.get(f"/consultations/{w.consultation.id}/briefing{suffix}").get_data(as_text=True)
    assert "@" not in body
    for user in everyone():
        assert user.email not in body and user.display_name not in body
    assert HIDDEN not in body and w.p.permits.title in body


def test_the_json_has_every_part_and_suppressed_cells_as_null(client):
    w = world()
    w.council.k_anonymity = 10
    _db.session.commit()
    response = client.get(f"/consultations/{w.consultation.id}/briefing.json")
    data = json.loads(response.get_data(as_text=True))
    assert response.mimetype == "application/json"
    assert data["participation"]["people"] is None and data["k"] == 10
    assert {r["authority"] for r in data["referrals"]} == {"Ministry of the Interior", "Regional health service",
                                                           "Ministry of Housing"}
    assert data["themes"][0]["size"] is None and len(data["awaiting"]["proposals"]) == 5  # 2 < k, as the API
    assert data["duplicates"][0]["size"] == 2


def test_the_csv_says_not_shown_for_small_cells_and_lists_every_referred_item(client):
    w = world()
    w.council.k_anonymity = 10
    _db.session.commit()
    response = client.get(f"/consultations/{w.consultation.id}/briefing.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert response.mimetype == "text/csv"
    people = next(r for r in rows if r["section"] == "participation" and r["id"] == "people")
    assert people["count"] == "not shown"
    referred = {(r["authority"], r["id"]) for r in rows if r["section"] == "outside_mandate"}
    interior = "Ministry of the Interior"
    assert referred == {(interior, str(w.p.permits.id)), (interior, str(w.p.asylum.id)),
                        ("Regional health service", str(w.p.health.id)), ("Ministry of Housing", str(w.p.rent.id))}
    about_people = [r["count"] for r in rows
                    if r["section"] in PEOPLE_SECTIONS and r["id"] not in ("proposals", "organisations")]
    assert about_people and all(n in ("not shown", "0") or int(n) >= 10 for n in about_people)


def test_a_title_a_spreadsheet_would_run_is_quoted_in_the_csv(client):
    w = world()
    w.p.permits.title = '=HYPERLINK("http://evil.example","click")'
    _db.session.commit()
    rows = list(csv.DictReader(io.StringIO(client.get(f"/consultations/{w.consultation.id}/briefing.csv")
                                           .get_data(as_text=True))))
    titles = [r["title"] for r in rows if r["url"].endswith(f"/proposals/{w.p.permits.id}")]
    assert titles and all(t.startswith("'=HYPERLINK") for t in titles)


def test_the_pdf_lists_a_limited_number_of_items_per_authority_and_says_how_many_more(app):
    from app.insights import briefing as service
    from app.insights.briefing_export import to_pdf

    w = world()
    with app.test_request_context():
        found = service.build_briefing(w.consultation, "en")
        found.pdf_items_per_authority = 1
        text = pdf_text(to_pdf(found))
    assert "and 1 more: the referral text and the CSV list them all." in text
    assert w.p.permits.title in text


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_renders_arabic(client, login):
    w = world(title=AR_TITLE, language="ar")
    login(commissioner(w.council, UserFactory(language="ar")))  # their saved language: Arabic
    response = client.get(f"/consultations/{w.consultation.id}/briefing.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = pdf_text(response.data)
    assert AR_TITLE in text  # shaped by Pango, extracted in logical order
    assert AR_LABEL in text  # the theme's label in the reader's language
    assert "Ministry of the Interior" in text and HIDDEN not in text


def test_the_pdf_in_english_has_every_section(client):
    w = world()
    response = client.get(f"/consultations/{w.consultation.id}/briefing.pdf")
    text = pdf_text(response.data)
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) >= 6  # each section starts on a new page
    for heading in ("Who took part", "Themes", "Near-duplicate campaigns", "Opinion groups",
                    "Outside the municipal mandate", "Awaiting a response"):
        assert heading in text
    assert "@" not in text
