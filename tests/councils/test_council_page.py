"""A council's public page (who sits on it, its organisations, its consultations, its contact) and the
secretariat's form for it."""
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.organisations.models import Accreditation
from tests.conftest import post_form
from tests.factories import (ConsultationFactory, CouncilFactory, OrganisationFactory, UserFactory, admin,
                             commissioner, council_member, moderator)


def test_council_page_shows_people_organisations_consultations_and_contact(client):
    council = CouncilFactory(name="Conseil de Sfax", contact_email="secretariat@sfax.example",
                             contact_address="Hôtel de ville", description="Le conseil **conseille** la ville.")
    moderator(council, UserFactory(display_name="Salma"))
    commissioner(council, UserFactory(display_name="مكتب الهجرة"))
    council_member(council, UserFactory(display_name="Karim"))
    OrganisationFactory(council=council, name="Accredited association")
    OrganisationFactory(council=council, name="Waiting association", status=Accreditation.PENDING)
    ConsultationFactory(council=council, phase="open", title="Public one")
    ConsultationFactory(council=council, phase="open", title="Members only", visibility="members")
    ConsultationFactory(phase="open", title="Elsewhere")
    html = client.get(f"/councils/{council.id}").get_data(as_text=True)
    assert "<bdi>Salma</bdi>" in html and "<bdi>مكتب الهجرة</bdi>" in html and "<bdi>Karim</bdi>" in html
    assert "Accredited association" in html and "Waiting association" not in html
    assert "Public one" in html and "Members only" not in html and "Elsewhere" not in html
    assert 'href="mailto:secretariat@sfax.example"' in html and "Hôtel de ville" in html
    assert "<strong>conseille</strong>" in html
    assert "Join an accredited organisation of <bdi>Conseil de Sfax</bdi>" not in html  # a visitor: sign in first
    assert "take part after signing in" in html


def test_unknown_council_is_404(client):
    assert client.get("/councils/999999").status_code == 404


def test_the_secretariat_edits_its_own_council_page_only(client, login, db):
    council, other = CouncilFactory(), CouncilFactory()
    login(moderator(council))
    data = {"description": "Un conseil", "contact_email": "c@example.org", "contact_phone": "+33 1",
            "contact_address": "Mairie", "website": "https://example.org"}
    assert post_form(client, f"/councils/{council.id}/edit", data).status_code == 302
    db.session.refresh(council)
    assert council.contact_email == "c@example.org" and council.website == "https://example.org"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "council.updated"))
    assert entry.council_id == council.id and "contact_email" in entry.details["fields"]
    assert client.get(f"/councils/{other.id}/edit").status_code == 403


def test_council_page_form_refuses_a_bad_address(client, login):
    council = CouncilFactory()
    login(admin())
    response = post_form(client, f"/councils/{council.id}/edit", {"contact_email": "not an address",
                                                                  "website": "javascript://x.org/%0aalert(1)"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "This is not a valid e-mail address." in html
    assert "Give a full address, with https://." in html


def test_councils_list_links_to_each_page(client):
    council = CouncilFactory(name="Tunis council", city="Tunis", country="TN")
    html = client.get("/councils/").get_data(as_text=True)
    assert f'href="/councils/{council.id}"' in html and "Tunisia" in html
    client.set_cookie("majlis_lang", "ar")
    assert "تونس" in client.get("/councils/").get_data(as_text=True)  # the country's name, from Babel
