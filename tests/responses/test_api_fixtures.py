"""A small realistic consultation in follow-up, built directly with the models, for the API, export and
feed tests (imported by them; it holds no test of its own).

Council k = 3, in Tunis (UTC+1). One public consultation with:
- a theme "Housing" of three proposals (one of them hidden) and a published response to the theme;
- one proposal of that theme with its own published response (version 2 corrects version 1);
- a proposal shown under its organisation, and one by an individual member of that organisation;
- a proposal in no theme, with a mandate flag (national: outside the mandate) and no response;
- commitments: one overdue (due yesterday, planned), one done, one due today (not overdue);
- a draft response to the hidden proposal, and one to a plain proposal, which must never appear.
Also a members-only consultation and a draft consultation of the same council, each with a proposal and
a published response, which open data must not show; and a second council with nothing."""
from dataclasses import dataclass, field
from datetime import timedelta

from app.clock import utcnow
from app.consultations.models import Visibility
from app.consultations.proposals.models import Proposal
from app.extensions import db
from app.insights.models import MandateFlag, Theme, ThemeMember
from app.responses.models import (Commitment, CommitmentStatus, CommitmentUpdate, Decision, Response,
                                  ResponseVersion, VersionStatus)
from app.responses.queries import council_today
from tests.factories import ConsultationFactory, CouncilFactory, MembershipFactory, OrganisationFactory, UserFactory


@dataclass
class OpenData:
    council: object = None
    other_council: object = None
    consultation: object = None
    members_only: object = None
    draft: object = None
    people: list = field(default_factory=list)
    organisation: object = None
    theme: object = None
    in_theme: list = field(default_factory=list)  # shown members of the theme, the one with its own response first
    hidden: object = None
    as_organisation: object = None
    by_member: object = None
    national: object = None
    theme_response: object = None
    own_response: object = None
    overdue: object = None
    done: object = None
    due_today: object = None
    secret_titles: list = field(default_factory=list)  # texts that must never be published


def _proposal(consultation, author, title, **fields):
    proposal = Proposal(consultation_id=consultation.id, author_id=author.id, title=title,
                        body=f"{title}: what we ask for, in detail.", category="housing", language="fr", **fields)
    db.session.add(proposal)
    db.session.flush()
    return proposal


def _published(response, number, decision, reason, at, **fields):
    version = ResponseVersion(response=response, number=number, status=VersionStatus.PUBLISHED, decision=decision,
                              reason=reason, language="fr", published_at=at, submitted_at=at, **fields)
    db.session.add(version)
    return version


def seed_open_data() -> OpenData:
    data = OpenData()
    data.council = CouncilFactory(name="Conseil des migrants de Tunis", k_anonymity=3, time_zone="Africa/Tunis",
                                  contact_email="secretariat@tunis-council.example", contact_phone="+216 71 000 000")
    data.other_council = CouncilFactory(name="Other council")
    data.consultation = ConsultationFactory(council=data.council, title="Welcoming newcomers", phase="follow_up",
                                            translations={"ar": {"title": "استقبال القادمين الجدد"}})
    data.members_only = ConsultationFactory(council=data.council, title="Members-only budget",
                                            phase="follow_up", visibility=Visibility.MEMBERS)
    data.draft = ConsultationFactory(council=data.council, title="Draft consultation", phase="draft")
    data.people = [UserFactory(email=f"resident{n}@people.example", display_name=f"Resident Person {n}")
                   for n in range(6)]
    data.organisation = OrganisationFactory(council=data.council, name="Association Entraide")
    for person in data.people[3:5]:
        MembershipFactory(user=person, organisation=data.organisation)

    c = data.consultation
    first = _proposal(c, data.people[0], "More social housing near the port")
    second = _proposal(c, data.people[1], "Rent guarantees for newcomers", support_count=2)
    third = _proposal(c, data.people[2], "Housing advice in Arabic", support_count=7)
    data.hidden = _proposal(c, data.people[5], "Hidden insult about housing", hidden_at=utcnow(),
                            hidden_reason="insult")
    data.as_organisation = _proposal(c, data.people[3], "A welcome desk at the town hall",
                                     organisation_id=data.organisation.id, show_as_organisation=True)
    data.by_member = _proposal(c, data.people[4], "Evening language classes",
                               organisation_id=data.organisation.id, show_as_organisation=False)
    data.national = _proposal(c, data.people[0], "Faster residence permits")
    data.in_theme = [first, second, third]

    data.theme = Theme(consultation_id=c.id, label="housing rent port", name="Housing", terms=["housing", "rent"],
                       quotes=[first.id, data.hidden.id])
    db.session.add(data.theme)
    db.session.flush()
    for proposal in data.in_theme + [data.hidden]:
        db.session.add(ThemeMember(theme_id=data.theme.id, proposal_id=proposal.id))
    db.session.add(MandateFlag(consultation_id=c.id, proposal_id=data.national.id, level="national",
                               category="residence", authority="Ministry of the Interior"))
    db.session.add(MandateFlag(consultation_id=c.id, proposal_id=second.id, level="municipal", category="housing",
                               override_level="shared", override_authority="Regional housing office",
                               status="overridden"))

    earlier = utcnow() - timedelta(days=3)
    data.theme_response = Response(consultation_id=c.id, theme_id=data.theme.id)
    db.session.add(data.theme_response)
    _published(data.theme_response, 1, Decision.ACCEPTED_IN_PART, "We will build 200 social homes.", earlier)
    data.own_response = Response(consultation_id=c.id, proposal_id=first.id)
    db.session.add(data.own_response)
    _published(data.own_response, 1, Decision.UNDER_STUDY, "We study the port site.", earlier)
    _published(data.own_response, 2, Decision.OUTSIDE_MANDATE, "The port belongs to the State.",
               earlier + timedelta(days=1), referral_authority="Port authority of Tunis",
               correction_reason="The port land is not the city's.")
    db.session.add(ResponseVersion(response=data.own_response, number=3, status=VersionStatus.DRAFT,
                                   decision=Decision.ACCEPTED, reason="Unpublished draft wording"))
    hidden_response = Response(consultation_id=c.id, proposal_id=data.hidden.id)
    db.session.add(hidden_response)
    _published(hidden_response, 1, Decision.NOT_ACCEPTED, "Answer to a hidden proposal", earlier)
    draft_response = Response(consultation_id=c.id, proposal_id=data.by_member.id)
    db.session.add(draft_response)
    db.session.add(ResponseVersion(response=draft_response, number=1, status=VersionStatus.IN_REVIEW,
                                   decision=Decision.ACCEPTED, reason="Draft answer in review"))
    db.session.flush()

    today = council_today(data.council.time_zone)
    council_id = data.council.id
    data.overdue = Commitment(response_id=data.theme_response.id, council_id=council_id, what="Build 200 homes",
                              department="Housing", due_date=today - timedelta(days=1))
    data.done = Commitment(response_id=data.theme_response.id, council_id=council_id, what="Open a housing desk",
                           department="Social affairs", due_date=today - timedelta(days=10),
                           status=CommitmentStatus.DONE)
    data.due_today = Commitment(response_id=data.own_response.id, council_id=council_id,
                                what="Write to the port authority", department="Mayor's office", due_date=today)
    hidden_commitment = Commitment(response_id=hidden_response.id, council_id=council_id,
                                   what="Commitment on a hidden proposal", department="X", due_date=today)
    draft_commitment = Commitment(response_id=draft_response.id, council_id=council_id,
                                  what="Commitment of an unpublished response", department="X", due_date=today)
    db.session.add_all([data.overdue, data.done, data.due_today, hidden_commitment, draft_commitment])
    db.session.flush()
    db.session.add(CommitmentUpdate(commitment_id=data.done.id, status=CommitmentStatus.DONE,
                                    body="The desk opened on Monday.", author_id=data.people[0].id,
                                    created_at=utcnow() - timedelta(days=1)))

    for other in (data.members_only, data.draft):
        secret = _proposal(other, data.people[0], f"Secret proposal of {other.title}")
        answer = Response(consultation_id=other.id, proposal_id=secret.id)
        db.session.add(answer)
        _published(answer, 1, Decision.ACCEPTED, f"Secret answer of {other.title}", earlier)
        db.session.flush()
        db.session.add(Commitment(response_id=answer.id, council_id=council_id, what=f"Secret commitment {other.id}",
                                  department="X", due_date=today))
    data.secret_titles = ["Hidden insult", "Answer to a hidden proposal", "Draft answer in review",
                          "Unpublished draft wording", "Commitment on a hidden proposal",
                          "Commitment of an unpublished response", "Secret", "Members-only", "Draft consultation",
                          "Resident Person", "secretariat@", "+216"]
    db.session.commit()
    return data


def personal_strings(data: OpenData) -> list[str]:
    """What identifies the people of the seed: their e-mail addresses and names."""
    return [p.email for p in data.people] + [p.display_name for p in data.people]
