"""A small consultation to analyse: three clear topics, a campaign of near-copies, a request only the
state can grant, and one for a correction to be learnt from; in its analysis phase, on a council with a
real competence map, beside a second council (for "same role, other council")."""
from dataclasses import dataclass

import pytest

from app.consultations.proposals import services as proposals
from app.consultations.proposals.models import Proposal
from app.extensions import db
from app.insights.models import AnalysisRun
from app.insights.runs import start_run
from app.unit_of_work import unit_of_work
from tests.factories import (ConsultationFactory, CouncilFactory, MembershipFactory, OrganisationFactory,
                             commissioner, moderator)

HOUSING = ["Affordable housing for newcomer families: rent support and social housing flats",
           "More social housing flats, the rent is too high for families",
           "Rent deposit help so families can rent a flat",
           "Social housing waiting list is too long for families renting flats",
           "Help with the rent deposit and the housing search for families",
           "Empty flats should become social housing with a fair rent"]
TRANSPORT = ["Night buses to the industrial zone after the late shift",
             "A bus line from the port to the industrial zone at night",
             "Cheaper bus tickets and a night bus for workers",
             "More buses at night, the last bus leaves too early",
             "Bus stops with shelter and a night bus timetable",
             "Night bus service for shift workers in the industrial zone"]
LANGUAGE = ["Free Arabic language classes in the evening at the youth centre",
            "Evening language classes for adults, Arabic and French",
            "Language classes with childcare so mothers can attend the classes",
            "Arabic classes for newcomers at the youth centre on Saturdays",
            "More language class places, the evening classes are full",
            "Conversation classes to practise the language with neighbours"]
CAMPAIGN = "Open the municipal library on Sundays so that students can study in a quiet place near the medina"
PERMIT = ("Faster residence permits", "Renew residence permits faster: people lose their jobs waiting for the card")
SIMILAR = ("Monthly gatherings for newcomer families at the neighbourhood hall",
           "A monthly gathering for newcomer families in the neighbourhood hall please")


@dataclass
class World:
    council: object
    other: object
    consultation: object
    moderator: object
    commissioner: object
    author: object
    organisation: object
    proposals: dict


@pytest.fixture
def world():
    return build_world()


def build_world() -> World:
    council = CouncilFactory(city="Tunis", country="TN", competence_map="tunis")
    other = CouncilFactory(city="Sfax", country="TN", competence_map="sfax")
    consultation = ConsultationFactory(council=council, phase="analysis", title="Welcoming newcomers")
    organisation = OrganisationFactory(council=council)
    author = MembershipFactory(organisation=organisation).user
    made = {}
    for topic, texts in (("housing", HOUSING), ("transport", TRANSPORT), ("language", LANGUAGE)):
        made[topic] = [submit(consultation, author, text, text + ".", organisation) for text in texts]
    made["campaign"] = [submit(consultation, author, "Library on Sundays", CAMPAIGN + suffix)
                        for suffix in (".", "!", ", please.")]
    made["permit"] = submit(consultation, author, *PERMIT)
    made["similar"] = submit(consultation, author, *SIMILAR)
    db.session.commit()
    return World(council, other, consultation, moderator(council), commissioner(council), author, organisation, made)


def submit(consultation, author, title, body, organisation=None) -> Proposal:
    return proposals.submit_proposal(author, consultation, title=title, body=body, organisation=organisation,
                                     language="en")


def run_analysis(consultation, user=None, **parameters) -> AnalysisRun:
    """Start a run and let the (immediate) job execute it once the transaction commits; the run as saved."""
    with unit_of_work():
        run = start_run(consultation, user, {"k": 4, **parameters})
    db.session.expire_all()
    return db.session.get(AnalysisRun, run.id)
