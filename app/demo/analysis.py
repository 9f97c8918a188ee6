"""Demo analysis: the Sfax health consultation (analysis phase) with a finished run and curated themes (one
renamed, two merged), and the housing consultation (response phase) with a finished run for its briefing.

A few more proposals are added to each so that there is something to group; the run is computed in the
loader's own transaction (no job, no worker). Idempotent: proposals are looked up by title, a run is made
only when the consultation has none finished, and curation only when it has not been done."""
from sqlalchemy import select

from app.accounts.models import User
from app.audit.services import record
from app.clock import utcnow
from app.consultations.models import Consultation
from app.consultations.proposals import services as proposals
from app.consultations.proposals.models import Proposal
from app.extensions import db
from app.insights.models import RunStatus, Theme, ThemeMember
from app.insights.pipeline import compute, versions
from app.insights.runs import latest_done_run, start_run
from app.organisations.models import Organisation

HEALTH = "الصحة والرعاية للمهاجرين"
HOUSING = "Logement : sortir des squats"
# (author e-mail, title, body, organisation name or None)
HEALTH_PROPOSALS = [
    ("youssef@majlis.example", "فتح المستوصف مساء",
     "العمال لا يستطيعون زيارة المستوصف قبل الساعة الخامسة، نطالب بفتح المستوصف مساء وساعات عمل أطول.",
     "جمعية حي البحري للتضامن"),
    ("amina@majlis.example", "Ouvrir le dispensaire le samedi",
     "Le dispensaire du quartier est fermé le samedi, le seul jour où les travailleurs peuvent y aller.",
     "Association des étudiants subsahariens de Sfax"),
    ("grace@majlis.example", "Dispensaire ouvert le soir",
     "Des horaires du soir au dispensaire pour les travailleurs du port : le dispensaire ferme trop tôt.", None),
    ("lucia@majlis.example", "Interpreters at the hospital emergency unit",
     "Patients who speak English cannot explain their symptoms: we need interpreters at the hospital.",
     "Mediterranean Health Access Network"),
    ("grace@majlis.example", "Medical interpreters for English speakers",
     "Interpreters at the hospital and the health centre for patients who speak English.", None),
    ("amina@majlis.example", "Interprètes à l'hôpital",
     "Des interprètes en anglais et en bambara à l'hôpital pour expliquer les soins aux patients.",
     "Association des étudiants subsahariens de Sfax"),
    ("lucia@majlis.example", "Free medicine for children",
     "Free medicine for children of families who cannot pay at the pharmacy.", "Mediterranean Health Access Network"),
    ("amina@majlis.example", "Médicaments gratuits pour les enfants",
     "Les familles ne peuvent pas payer les médicaments des enfants à la pharmacie : des médicaments gratuits.",
     "Association des étudiants subsahariens de Sfax"),
    ("youssef@majlis.example", "أدوية مجانية للأطفال", "توفير الأدوية مجانا للأطفال في الصيدلية البلدية.",
     "جمعية حي البحري للتضامن"),
    ("lucia@majlis.example", "Pregnancy check-ups for migrant women",
     "Free pregnancy check-ups for migrant women at the maternal health centre.",
     "Mediterranean Health Access Network"),
    ("grace@majlis.example", "Free pregnancy care",
     "Pregnancy check-ups and care for migrant women at the maternal health centre, free of charge.", None),
]
HOUSING_PROPOSALS = [
    ("youssef@majlis.example", "Recenser les logements vides",
     "Un recensement public des logements vides pour les proposer en location sociale.", "جمعية حي البحري للتضامن"),
    ("lucia@majlis.example", "Recensement des logements vacants",
     "Un recensement public des logements vacants pour les proposer en location sociale.",
     "Mediterranean Health Access Network"),
    ("amina@majlis.example", "Garantie de loyer municipale",
     "Une garantie de loyer de la mairie pour les familles que les propriétaires refusent.",
     "Association des étudiants subsahariens de Sfax"),
    ("grace@majlis.example", "Caution et garantie pour louer",
     "Les propriétaires demandent trois mois de caution : une garantie municipale du loyer aiderait les familles.",
     None),
    ("youssef@majlis.example", "Hébergement d'urgence l'hiver",
     "Ouvrir un hébergement d'urgence pour les familles qui dorment dans des squats l'hiver.",
     "جمعية حي البحري للتضامن"),
    ("lucia@majlis.example", "Places d'hébergement d'urgence",
     "Plus de places d'hébergement d'urgence pour les femmes et les enfants qui vivent dans des squats.",
     "Mediterranean Health Access Network"),
    ("grace@majlis.example", "Renouveler les titres de séjour plus vite",
     "Renouveler les titres de séjour plus vite : sans titre, on ne peut pas signer de bail.", None),
]
RENAMED = "ساعات عمل المستوصفات"


def load(councils: dict, users: dict) -> int:
    """Create what is missing; return the number of records created (proposals, runs, curation steps)."""
    created = 0
    secretariat = users["moderator@majlis.example"]
    for title, extra in ((HEALTH, HEALTH_PROPOSALS), (HOUSING, HOUSING_PROPOSALS)):
        consultation = db.session.scalar(select(Consultation).where(Consultation.title == title))
        if consultation is None:
            continue
        created += _proposals(consultation, extra)
        if latest_done_run(consultation) is None:
            _run(consultation, secretariat, k=4 if title == HEALTH else 3)
            created += 1
        if title == HEALTH:
            created += _curate(consultation, secretariat)
    return created


def _proposals(consultation, specs) -> int:
    made = 0
    for email, title, body, organisation in specs:
        if db.session.scalar(select(Proposal.id).where(Proposal.consultation_id == consultation.id,
                                                       Proposal.title == title)):
            continue
        author = db.session.scalar(select(User).where(User.email == email))
        org = db.session.scalar(select(Organisation).where(Organisation.name == organisation)) if organisation else None
        proposals.submit_proposal(author, consultation, title=title, body=body, organisation=org)
        made += 1
    db.session.flush()
    return made


def _run(consultation, secretariat, k: int) -> None:
    run = start_run(consultation, secretariat, {"k": k, "seed": 0}, background=False)
    run.status, run.started_at, run.versions = RunStatus.RUNNING, utcnow(), versions()
    compute(run)


def _curate(consultation, secretariat) -> int:
    """Rename the theme of the first clinic-hours proposal; merge the theme of the Arabic medicine proposal
    into the theme of the English one (a moderator joining what the language split apart)."""
    themes = db.session.scalars(select(Theme).where(Theme.consultation_id == consultation.id)).all()
    done = 0
    if not any(t.name for t in themes):
        theme = _theme_of(consultation, "فتح المستوصف مساء")
        if theme is not None:
            before, theme.name = theme.title, RENAMED
            record("theme.renamed", theme, actor=secretariat, council_id=consultation.council_id, before=before,
                   name=RENAMED)
            done += 1
    if not any(t.merged_into_id for t in themes):
        source = _theme_of(consultation, "أدوية مجانية للأطفال")
        target = _theme_of(consultation, "Free medicine for children")
        if source is None or target is None or source.id == target.id:
            source, target = _two_other_themes(consultation)
        if source is not None:
            for member in list(source.members):
                member.theme_id = target.id
            source.retired_at, source.merged_into_id = utcnow(), target.id
            record("theme.merged", target, actor=secretariat, council_id=consultation.council_id,
                   sources=[source.id], source_titles=[source.title])
            done += 1
    db.session.flush()
    return done


def _theme_of(consultation, title: str) -> Theme | None:
    return db.session.scalar(select(Theme).join(ThemeMember).join(Proposal, Proposal.id == ThemeMember.proposal_id)
                             .where(Proposal.consultation_id == consultation.id, Proposal.title == title,
                                    Theme.retired_at.is_(None)))


def _two_other_themes(consultation):
    """Two active themes that are not the renamed one, smallest id first (when the medicine proposals
    already share a theme)."""
    active = [t for t in db.session.scalars(select(Theme).where(
        Theme.consultation_id == consultation.id, Theme.retired_at.is_(None)).order_by(Theme.id)) if not t.name]
    return (active[-1], active[-2]) if len(active) >= 2 else (None, None)
