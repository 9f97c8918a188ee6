"""The audit log page per council, with filters (who, what, when), for moderators and admins only; and
every new kind of event is recorded (reports, hiding, blocks, reference population, selections)."""
from datetime import date, timedelta

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.audit.services import verify
from app.clock import utcnow
from app.consultations.proposals import services as proposals
from app.extensions import db as _db
from app.moderation import reference, reports
from tests.factories import ConsultationFactory, CouncilFactory, MembershipFactory, OrganisationFactory, admin, moderator


def events():
    consultation = ConsultationFactory(phase="open")
    council = consultation.council
    secretariat = moderator(council)
    author = MembershipFactory(organisation=OrganisationFactory(council=council)).user
    reader = MembershipFactory(organisation=OrganisationFactory(council=council)).user
    proposal = proposals.submit_proposal(author, consultation, title="Night buses", body="More buses")
    reports.report(reader, proposal, "spam")
    reports.hide(secretariat, proposal, "Advertising")
    reports.restore(secretariat, proposal, "Second look")
    reports.block(secretariat, council, author, utcnow() + timedelta(days=3), "Flooding")
    reference.save_dimension(council, secretariat, kind="gender", label="", source="Census", source_date=date(2024, 1, 1),
                             groups_text="Women: 50\nMen: 50")
    _db.session.commit()
    return council, secretariat


def test_every_new_event_is_chained_in_the_log():
    events()
    actions = set(_db.session.scalars(select(AuditEntry.action)))
    assert {"report.created", "content.hidden", "content.restored", "user.blocked", "reference.changed"} <= actions
    assert verify().ok


def test_page_filters_by_who_what_and_when(client, login):
    council, secretariat = events()
    login(secretariat)
    url = f"/moderation/councils/{council.id}/audit"
    html = client.get(url).get_data(as_text=True)
    assert "content.hidden" in html and "user.blocked" in html and "report.created" in html
    only_blocks = client.get(url + "?action=user.").get_data(as_text=True)
    assert ">user.blocked</code>" in only_blocks and ">content.hidden</code>" not in only_blocks
    mine = client.get(url + f"?actor={secretariat.id}").get_data(as_text=True)
    assert ">content.hidden</code>" in mine and ">report.created</code>" not in mine  # the report was another's
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    assert "No entry matches" in client.get(url + f"?since={tomorrow}").get_data(as_text=True)
    assert "content.hidden" in client.get(url + f"?until={utcnow().date().isoformat()}").get_data(as_text=True)
    assert client.get(url + "?since=yesterday").status_code == 400


def test_only_the_councils_moderators_and_admins_see_it(client, login):
    council, _ = events()
    url = f"/moderation/councils/{council.id}/audit"
    login(moderator(CouncilFactory()))
    assert client.get(url).status_code == 404
    login(MembershipFactory().user)
    assert client.get(url).status_code == 404
    login(admin())
    assert client.get(url).status_code == 200


def test_other_councils_entries_stay_out(client, login):
    council, secretariat = events()
    other, other_secretariat = events()
    login(secretariat)
    html = client.get(f"/moderation/councils/{council.id}/audit").get_data(as_text=True)
    assert html.count(">content.hidden</code>") == 1
