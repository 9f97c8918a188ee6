"""A consultation in deliberation whose voters fall into two camps (helpers for the opinion map tests)."""
from app.consultations import services as consultations
from app.consultations.deliberation import services as deliberation
from app.consultations.phases import Phase
from app.extensions import db
from app.insights.models import AnalysisRun
from app.insights.opinion_stage import run_opinion_stage
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory, UserFactory

STATEMENTS = ["Night buses every 30 minutes", "More bus lanes downtown", "Cars first in the centre",
              "Parking should stay free", "Interpreters at the town hall", "Free language classes",
              "Longer library hours", "A newcomers' guide in Arabic"]
# camp A agrees with 0-1, disagrees with 2-3; camp B the reverse; everyone agrees with 4-5; on 6-7 each
# person votes their own way (people are not all alike, and the engine needs distinct positions)
CAMPS = {"A": [1, 1, -1, -1, 1, 1], "B": [-1, -1, 1, 1, 1, 1]}


def ballot(camp: str, n: int) -> list[int]:
    """The n-th member of a camp's votes on the eight statements."""
    return CAMPS[camp] + [n % 3 - 1, (n // 3) % 3 - 1]


def deliberating(visibility="public", k=5, **kwargs):
    consultation = ConsultationFactory(phase="deliberation", visibility=visibility, **kwargs)
    consultation.council.k_anonymity = k
    statements = [deliberation.add_statement(None, consultation, text, seeded=True) for text in STATEMENTS]
    db.session.commit()
    return consultation, statements


def participant(consultation, **user):
    organisation = OrganisationFactory(council=consultation.council)
    return MembershipFactory(organisation=organisation, **{f"user__{k}": v for k, v in user.items()}).user


def voters(consultation, statements, camps: dict[str, int]) -> dict[str, list]:
    """{camp: [users]} who voted as their camp does (users need no membership to be in the vote table)."""
    people = {}
    for camp, n in camps.items():
        people[camp] = [UserFactory() for _ in range(n)]
        for number, user in enumerate(people[camp]):
            cast(user, statements, ballot(camp, number))
    db.session.commit()
    return people


def cast(user, statements, values) -> None:
    names = {1: "agree", -1: "disagree", 0: "pass"}
    for statement, value in zip(statements, values):
        deliberation.vote(user, statement, names[value])


def new_run(consultation, **parameters) -> AnalysisRun:
    run = AnalysisRun(consultation_id=consultation.id, parameters=parameters)
    db.session.add(run)
    db.session.flush()
    return run


def snapshot_now(consultation):
    """What a run's opinion stage stores, committed as the job's unit of work would."""
    snapshot = run_opinion_stage(consultation, new_run(consultation))
    db.session.commit()
    return snapshot


def close_deliberation(consultation):
    consultations.set_phase(consultation, Phase.ANALYSIS)
    db.session.commit()
