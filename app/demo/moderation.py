"""Demo content for moderation, representativeness and fair selection, on the Sfax council: a reference
population, two dozen fictional participants who declared (some of) it and took part, reports waiting,
a hidden proposal, a dashboard with suppressed cells, and a selection already drawn. Idempotent: every
record is looked up by its natural key first, and the services used write the audit log."""
from datetime import date

from sqlalchemy import select

from app.accounts.models import User
from app.clock import utcnow
from app.consultations.deliberation import services as deliberation
from app.consultations.deliberation.models import Statement
from app.consultations.models import Consultation
from app.consultations.proposals import services as proposals
from app.consultations.proposals.models import Proposal
from app.extensions import db
from app.moderation import reference, reports, selections
from app.moderation.models import ReferenceDimension, Report, Selection
from app.moderation.services import set_funding
from app.organisations.models import Membership, MembershipStatus, Organisation

from .data import PASSWORD

ORIGINS = "Maghreb: 35\nSub-Saharan Africa: 40\nMiddle East: 20\nOther regions: 5"
GENDERS = "Women: 48\nMen: 50\nAnother gender: 2"
ORGS = ["Association des étudiants subsahariens de Sfax", "جمعية حي البحري للتضامن",
        "Mediterranean Health Access Network"]
# (origin, gender) declared by each demo participant; None: not declared. Few Sub-Saharan voices on purpose:
# the dashboard hides that small cell and names the under-representation.
PEOPLE = ([("Maghreb", "Women")] * 7 + [("Maghreb", "Men")] * 6 + [("Middle East", "Men")] * 4
          + [("Middle East", "Women")] * 3 + [("Sub-Saharan Africa", "Women")] * 2 + [("Other regions", "Men")]
          + [(None, "Men")] * 2)
SELECTION_TITLE = "Groupe de travail logement (6 places)"
PUBLIC_VALUE = "Loterie nationale tunisienne, tirage du 20 novembre 2026 : 7 12 19 28 33 41"


def load(councils: dict, users: dict) -> int:
    """Create what is missing on the Sfax council; return the number of records created."""
    council = councils["sfax"]
    secretariat = users["moderator@majlis.example"]
    created = 0
    dimensions = {kind: _dimension(council, secretariat, kind, text) for kind, text in
                  (("origin_region", ORIGINS), ("gender", GENDERS))}
    people, made = _participants(council, dimensions)
    created += made
    created += _activity(council, people)
    created += _moderation(council, secretariat, people)
    created += _funding(council, secretariat)
    created += _selection(council, secretariat, people)
    return created


def _dimension(council, secretariat, kind: str, text: str) -> ReferenceDimension:
    found = db.session.scalar(select(ReferenceDimension).where(ReferenceDimension.council_id == council.id,
                                                               ReferenceDimension.kind == kind))
    return found or reference.save_dimension(
        council, secretariat, kind=kind, label="", source="Profil migratoire de Sfax (MC2CM), estimations 2024",
        source_date=date(2024, 12, 31), groups_text=text)


def _participants(council, dimensions) -> tuple[list, int]:
    organisations = [db.session.scalar(select(Organisation).where(Organisation.name == name)) for name in ORGS]
    people, made = [], 0
    for number, (origin, gender) in enumerate(PEOPLE, start=1):
        email = f"participant{number:02d}@majlis.example"
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, display_name=f"Participant {number:02d}", language="fr",
                        email_verified_at=utcnow())
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.flush()
            db.session.add(Membership(user_id=user.id, organisation_id=organisations[number % 3].id,
                                      status=MembershipStatus.ACTIVE, decided_at=utcnow()))
            _declare(user, dimensions["origin_region"], origin)
            _declare(user, dimensions["gender"], gender)
            made += 1
        people.append(user)
    db.session.flush()
    return people, made


def _declare(user, dimension, label) -> None:
    group = next((g for g in dimension.groups if g.label == label), None)
    if group is not None:
        reference.declare(user, dimension, group.id)


def _activity(council, people) -> int:
    """Supports on the open consultation and votes in the deliberation (once: the first run)."""
    open_one = _consultation(council, "open")
    if open_one is None or open_one.id in {p.consultation_id for p in _supported(people[0])}:
        return 0
    for person in people:
        for proposal in db.session.scalars(select(Proposal).where(Proposal.consultation_id == open_one.id)):
            proposals.support(person, proposal)
    deliberating = _consultation(council, "deliberation")
    if deliberating is not None:
        statements = db.session.scalars(select(Statement).where(Statement.consultation_id == deliberating.id)).all()
        for index, person in enumerate(people[:18]):
            for statement in statements:
                deliberation.vote(person, statement, ("agree", "disagree", "pass")[index % 3])
    return len(people)


def _supported(user) -> list:
    from app.consultations.proposals.models import Support

    return db.session.scalars(select(Proposal).join(Support).where(Support.user_id == user.id)).all()


def _consultation(council, phase: str):
    return next((c for c in db.session.scalars(select(Consultation).where(Consultation.council_id == council.id))
                 if c.current_phase == phase), None)


def _moderation(council, secretariat, people) -> int:
    """Two reports waiting on a reply, and an advertising proposal reported and hidden."""
    open_one = _consultation(council, "open")
    if open_one is None or db.session.scalar(select(Report.id).where(Report.council_id == council.id)):
        return 0
    target = db.session.scalar(select(Proposal).where(Proposal.consultation_id == open_one.id).order_by(Proposal.id))
    reply = proposals.add_feedback(people[3], target, "Ceux qui ne parlent pas arabe n'ont qu'à rester chez eux.",
                                   "opposes")
    reports.report(people[0], reply, "offensive", "Propos xénophobes")
    reports.report(people[1], reply, "offensive")
    spam = proposals.submit_proposal(people[5], open_one, title="Téléphones pas chers, livraison gratuite",
                                     body="Appelez le 00 216 00 000 000 pour des téléphones à prix cassés !",
                                     category="")
    reports.report(people[2], spam, "spam")
    reports.hide(secretariat, spam, "Publicité commerciale : sans rapport avec la consultation.")
    return 4


def _funding(council, secretariat) -> int:
    readings = {ORGS[0]: ["members", "local_public"], ORGS[1]: ["donations", "local_public"],
                ORGS[2]: ["international", "foundations"]}
    for name, kinds in readings.items():
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        set_funding(organisation, kinds, secretariat)
    return 0


def _selection(council, secretariat, people) -> int:
    """Six seats drawn from the demo participants, with quotas on gender and origin."""
    if db.session.scalar(select(Selection.id).where(Selection.title == SELECTION_TITLE)):
        return 0
    categories = ("category,feature,min,max\ngender,Women,2,4\ngender,Men,2,4\norigin,Maghreb,1,3\n"
                  "origin,Middle East,1,3\norigin,Sub-Saharan Africa,1,2\n")
    rows = [f"P{n:02d},{g},{o if o in ('Maghreb', 'Middle East') else 'Sub-Saharan Africa'}"
            for n, (o, g) in enumerate(PEOPLE, start=1)]
    selection = selections.create(council, secretariat, title=SELECTION_TITLE, panel_size=6,
                                  categories_csv=categories, respondents_csv="id,gender,origin\n" + "\n".join(rows),
                                  announcement="Les numéros de la loterie nationale tunisienne du 20 novembre 2026.")
    selections.draw(selection, PUBLIC_VALUE, secretariat)
    return 1
