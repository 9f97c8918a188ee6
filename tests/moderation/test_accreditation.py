"""The secretariat accredits and suspends organisations."""
from app.organisations.models import Accreditation
from tests.conftest import post_form
from tests.factories import CouncilFactory, OrganisationFactory, moderator


def test_moderator_accredits_then_suspends_with_reason(client, login, db):
    organisation = OrganisationFactory(status=Accreditation.PENDING)
    login(moderator(organisation.council))
    url = f"/moderation/organisations/{organisation.id}/status"
    assert post_form(client, url, {"status": "accredited"}, form_url="/moderation/organisations").status_code == 302
    db.session.refresh(organisation)
    assert organisation.status == Accreditation.ACCREDITED and organisation.status_changed_at

    refused = post_form(client, url, {"status": "suspended", "reason": "  "}, form_url="/moderation/organisations")
    assert refused.status_code == 409 and "Say why" in refused.get_data(as_text=True)
    db.session.refresh(organisation)
    assert organisation.status == Accreditation.ACCREDITED

    post_form(client, url, {"status": "suspended", "reason": "Hate speech in two posts"},
              form_url="/moderation/organisations")
    db.session.refresh(organisation)
    assert organisation.status == Accreditation.SUSPENDED and organisation.status_reason == "Hate speech in two posts"


def test_accrediting_twice_is_a_conflict(client, login):
    organisation = OrganisationFactory(status=Accreditation.ACCREDITED)
    login(moderator(organisation.council))
    response = post_form(client, f"/moderation/organisations/{organisation.id}/status", {"status": "accredited"},
                         form_url="/moderation/organisations")
    assert response.status_code == 409 and "already accredited" in response.get_data(as_text=True)


def test_unknown_status_is_a_bad_request(client, login):
    organisation = OrganisationFactory(status=Accreditation.PENDING)
    login(moderator(organisation.council))
    response = post_form(client, f"/moderation/organisations/{organisation.id}/status", {"status": "pending"},
                         form_url="/moderation/organisations")
    assert response.status_code == 400


def test_queue_lists_pending_first(client, login):
    council = CouncilFactory()
    OrganisationFactory(name="Aaa accredited", council=council)
    OrganisationFactory(name="Zzz pending", status=Accreditation.PENDING, council=council)
    OrganisationFactory(name="Mmm pending elsewhere", status=Accreditation.PENDING)
    login(moderator(council))
    html = client.get("/moderation/organisations").get_data(as_text=True)
    assert html.index("Zzz pending") < html.index("Aaa accredited")
    assert "Mmm pending elsewhere" not in html  # another council's queue


def decide(client, organisation, status, reason=""):
    return post_form(client, f"/moderation/organisations/{organisation.id}/status",
                     {"status": status, "reason": reason}, form_url="/moderation/organisations")


def test_pending_organisation_offers_reject_and_information_not_suspend(client, login):
    organisation = OrganisationFactory(status=Accreditation.PENDING, name="Zebra collective")
    login(moderator(organisation.council))
    html = client.get("/moderation/organisations").get_data(as_text=True)
    row = html[html.index("Zebra collective"):]
    row = row[:row.index("</tr>")]
    assert 'value="rejected"' in row and 'value="needs_info"' in row and 'value="accredited"' in row
    assert 'value="suspended"' not in row
    assert decide(client, organisation, "suspended", "x").status_code == 409


def test_ask_for_information_then_resubmit_then_accredit_keeps_the_whole_history(client, login, db):
    from app.mail.models import OutboxMessage
    from app.moderation.models import AccreditationDecision
    from sqlalchemy import select
    from tests.factories import MembershipFactory

    organisation = OrganisationFactory(status=Accreditation.PENDING)
    representative = MembershipFactory(organisation=organisation, is_representative=True,
                                       user__language="fr").user
    secretariat = moderator(organisation.council)
    login(secretariat)
    assert decide(client, organisation, "needs_info", "").status_code == 409  # a reason is required
    assert decide(client, organisation, "needs_info", "Ajoutez vos sources de financement").status_code == 302
    mail = db.session.scalars(select(OutboxMessage)).all()
    assert len(mail) == 1 and mail[0].recipient == representative.email
    assert "Ajoutez vos sources" in mail[0].body and "secrétariat" in mail[0].body.lower()  # in French

    login(representative)
    page = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "Ajoutez vos sources de financement" in page
    assert post_form(client, f"/moderation/organisations/{organisation.id}/resubmit", {},
                     form_url=f"/organisations/{organisation.id}").status_code == 302
    db.session.refresh(organisation)
    assert organisation.status == Accreditation.PENDING

    login(secretariat)
    assert decide(client, organisation, "accredited").status_code == 302
    steps = [(d.from_status, d.to_status) for d in db.session.scalars(
        select(AccreditationDecision).order_by(AccreditationDecision.id))]
    assert steps == [("pending", "needs_info"), ("needs_info", "pending"), ("pending", "accredited")]
    history = client.get(f"/moderation/organisations/{organisation.id}/history").get_data(as_text=True)
    assert "Ajoutez vos sources de financement" in history and history.count("<tr>") == 4


def test_rejection_needs_a_reason_and_is_sent(client, login, db):
    from app.mail.models import OutboxMessage
    from sqlalchemy import select
    from tests.factories import MembershipFactory

    organisation = OrganisationFactory(status=Accreditation.PENDING)
    MembershipFactory(organisation=organisation, is_representative=True)
    login(moderator(organisation.council))
    assert decide(client, organisation, "rejected", " ").status_code == 409
    assert decide(client, organisation, "rejected", "Not a migrant organisation").status_code == 302
    db.session.refresh(organisation)
    assert organisation.status == Accreditation.REJECTED
    assert "Not a migrant organisation" in db.session.scalar(select(OutboxMessage.body))


def test_only_representatives_resubmit_and_only_when_asked(client, login, db):
    from tests.factories import MembershipFactory

    organisation = OrganisationFactory(status=Accreditation.PENDING)
    member = MembershipFactory(organisation=organisation).user
    representative = MembershipFactory(organisation=organisation, is_representative=True).user
    url = f"/moderation/organisations/{organisation.id}/resubmit"
    login(representative)
    assert post_form(client, url, {}, form_url=f"/organisations/{organisation.id}").status_code == 403  # not asked
    organisation.status = Accreditation.NEEDS_INFO
    db.session.commit()
    login(member)
    assert post_form(client, url, {}, form_url=f"/organisations/{organisation.id}").status_code == 403


def test_funding_reading_is_saved_with_a_decision(client, login, db):
    from app.moderation.services import funding_of

    organisation = OrganisationFactory(status=Accreditation.PENDING)
    login(moderator(organisation.council))
    post_form(client, f"/moderation/organisations/{organisation.id}/status",
              {"status": "accredited", "funding": ["members", "local_public"]}, form_url="/moderation/organisations")
    assert funding_of([organisation.id]) == {organisation.id: ["members", "local_public"]}
