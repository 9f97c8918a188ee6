"""'My activity' stays the same size whatever an organisation's history: it lists the organisation's
proposals a page at a time, newest first, and says how many there are in all."""
from app.consultations.proposals import services as proposals
from app.extensions import db
from app.responses.trail import ORGANISATION_ACTIVITY_LIMIT
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory


def test_my_activity_lists_the_newest_organisation_proposals_and_counts_them_all(client, login):
    consultation = ConsultationFactory(phase="open")
    organisation = OrganisationFactory(council=consultation.council)
    me, colleague = (MembershipFactory(organisation=organisation).user for _ in range(2))
    total = ORGANISATION_ACTIVITY_LIMIT + 5
    for i in range(total):
        proposals.submit_proposal(colleague, consultation, title=f"Colleague's request number {i:02d}",
                                  body="More benches", category="", organisation=organisation)
    db.session.commit()
    login(me)
    html = client.get("/consultations/mine").get_data(as_text=True)
    assert f"request number {total - 1:02d}" in html  # the newest is shown
    assert "request number 00" not in html and "request number 04" not in html  # the five oldest are not
    assert html.count("Colleague&#39;s request number") == ORGANISATION_ACTIVITY_LIMIT
    assert f"Proposals 1–{ORGANISATION_ACTIVITY_LIMIT} of {total}, newest first." in html
    older = client.get("/consultations/mine?organisations_page=2").get_data(as_text=True)
    assert "request number 00" in older and "request number 04" in older and f"number {total - 1:02d}" not in older
    assert f"Proposals {ORGANISATION_ACTIVITY_LIMIT + 1}–{total} of {total}" in older
    assert client.get("/consultations/mine?organisations_page=zero").status_code == 400


def test_a_short_history_is_shown_whole_without_a_count(client, login):
    consultation = ConsultationFactory(phase="open")
    organisation = OrganisationFactory(council=consultation.council)
    me, colleague = (MembershipFactory(organisation=organisation).user for _ in range(2))
    proposals.submit_proposal(colleague, consultation, title="Colleague's only request", body="Benches",
                              category="", organisation=organisation)
    db.session.commit()
    login(me)
    html = client.get("/consultations/mine").get_data(as_text=True)
    assert "only request" in html and 'id="organisations-activity-count"' not in html


def test_a_proposal_imported_for_the_organisation_is_listed_too(client, login):
    """An imported proposal has no author; `author_id != me` is NULL for it in SQL, which hid it."""
    from app.consultations.proposals.models import Proposal

    consultation = ConsultationFactory(phase="open")
    organisation = OrganisationFactory(council=consultation.council)
    me = MembershipFactory(organisation=organisation).user
    db.session.add(Proposal(consultation=consultation, author=None, organisation=organisation,
                            title="Imported from the paper forms", body="Benches by the river", language="en"))
    db.session.commit()
    login(me)
    assert "Imported from the paper forms" in client.get("/consultations/mine").get_data(as_text=True)
