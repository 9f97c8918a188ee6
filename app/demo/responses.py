"""Demo content for the city's answers, on Sfax's consultation in its follow-up phase ("School enrolment for
newcomer children"): proposals grouped in two themes, an answer to each theme (one corrected, so it has two
versions), a proposal with its own answer that takes precedence over its theme's, a request outside the
municipal mandate referred to the ministry, and commitments in every status, one of them overdue.

Idempotent: proposals are found by title, themes by name, answers by their target; the services used write
the audit log and the notifications, as a real answer would."""
from datetime import timedelta

from sqlalchemy import select

from app.consultations.models import Consultation
from app.consultations.proposals import services as proposals
from app.consultations.proposals.models import Proposal
from app.extensions import db
from app.insights.models import MandateFlag, Theme, ThemeMember
from app.responses import services
from app.responses.queries import council_today

CONSULTATION = "School enrolment for newcomer children"
ENROLMENT, LANGUAGE = "Enrolment paperwork", "Language support at school"
# (author e-mail, title, body, organisation name or None, theme name or None)
PROPOSALS = [
    ("amina@majlis.example", "Enrol children without waiting for a residence card",
     "Schools turn children away until the family has a residence card. A municipal attestation of "
     "address should be enough to enrol.", "Association des étudiants subsahariens de Sfax", ENROLMENT),
    ("youssef@majlis.example", "استمارة تسجيل واحدة لكل المدارس",
     "كل مدرسة تطلب وثائق مختلفة. نقترح استمارة تسجيل موحدة متوفرة بالعربية والفرنسية والإنجليزية.",
     "جمعية حي البحري للتضامن", ENROLMENT),
    ("grace@majlis.example", "Interpreters on enrolment days",
     "Parents who speak neither Arabic nor French cannot follow the enrolment interview.", None, ENROLMENT),
    ("lucia@majlis.example", "Arabic support classes for newcomer pupils",
     "Newcomer pupils need a few hours a week of Arabic support to follow lessons.",
     "Mediterranean Health Access Network", LANGUAGE),
    ("karim@majlis.example", "دروس دعم في الفرنسية يوم السبت",
     "نقترح دروس دعم مجانية في الفرنسية يوم السبت في المدارس العمومية.", None, LANGUAGE),
    ("lucia@majlis.example", "Residence permits for the parents of enrolled children",
     "A parent whose child is enrolled in a Sfax school should be granted a residence permit.",
     "Mediterranean Health Access Network", None),
]
TIME_ZONES = {"sfax": "Africa/Tunis", "lyon": "Europe/Paris"}  # overdue is counted in the city's own day
REFERRAL = "Ministère de l'Intérieur (Direction générale des étrangers)"


def load(councils: dict, users: dict) -> int:
    """Create what is missing; return the number of records created."""
    for slug, zone in TIME_ZONES.items():
        if slug in councils and councils[slug].time_zone in (None, "", "UTC"):
            councils[slug].time_zone = zone
    consultation = db.session.scalar(select(Consultation).where(Consultation.title == CONSULTATION))
    if consultation is None:
        return 0
    council = councils["sfax"]
    drafter, reviewer = users["commissioner@majlis.example"], users["moderator@majlis.example"]
    created, items = 0, {}
    for email, title, body, organisation_name, theme_name in PROPOSALS:
        proposal, made = _proposal(consultation, users[email], title, body, organisation_name, council)
        items[title], created = proposal, created + made
    themes = {}
    for name in (ENROLMENT, LANGUAGE):
        themes[name], made = _theme(consultation, name, [items[t] for _, t, _, _, n in PROPOSALS if n == name])
        created += made
    referred = items["Residence permits for the parents of enrolled children"]
    created += _flag(consultation, referred)
    db.session.flush()
    today = council_today(council.time_zone)
    created += _enrolment_answer(consultation, themes[ENROLMENT], drafter, reviewer, today)
    created += _language_answer(consultation, themes[LANGUAGE], drafter, reviewer, today)
    created += _answer(consultation, drafter, reviewer, proposal=items["دروس دعم في الفرنسية يوم السبت"],
                       decision="not_accepted",
                       reason="Saturday classes cannot be held in public schools, which are closed on Saturdays; the "
                              "weekday support classes of the language theme are open to every pupil.",
                       translations={"fr": "Les écoles publiques sont fermées le samedi ; les cours de soutien en "
                                           "semaine sont ouverts à tous les élèves.",
                                     "ar": "المدارس العمومية مغلقة يوم السبت، ودروس الدعم خلال الأسبوع مفتوحة لكل "
                                           "التلاميذ."})
    created += _answer(consultation, drafter, reviewer, proposal=referred, decision="outside_mandate",
                       reason="Residence permits are issued by the State, not by the city. The council has sent this "
                              "request to the ministry and will publish its answer.",
                       referral_authority=REFERRAL)
    return created


def _proposal(consultation, author, title, body, organisation_name, council):
    found = db.session.scalar(select(Proposal).where(Proposal.consultation_id == consultation.id,
                                                     Proposal.title == title))
    if found is not None:
        return found, 0
    organisation = next((o for o in council.organisations if o.name == organisation_name), None)
    return proposals.submit_proposal(author, consultation, title=title, body=body, organisation=organisation), 1


def _theme(consultation, name, members):
    found = db.session.scalar(select(Theme).where(Theme.consultation_id == consultation.id, Theme.name == name))
    if found is not None:
        return found, 0
    theme = Theme(consultation_id=consultation.id, name=name, label=name.lower(),
                  quotes=[p.id for p in members[:2]], languages={})
    db.session.add(theme)
    db.session.flush()
    for proposal in members:
        db.session.add(ThemeMember(theme_id=theme.id, proposal_id=proposal.id))
    return theme, 1


def _flag(consultation, proposal) -> int:
    if db.session.scalar(select(MandateFlag).where(MandateFlag.proposal_id == proposal.id)):
        return 0
    db.session.add(MandateFlag(consultation_id=consultation.id, proposal_id=proposal.id, level="national",
                               category="residence", authority=REFERRAL, confidence=0.9))
    return 1


def _answer(consultation, drafter, reviewer, *, theme=None, proposal=None, decision, reason, translations=None,
            referral_authority="", commitments=()) -> int:
    """Draft, review and publish an answer with its commitments, unless the target has one already."""
    thread = services.thread_for(consultation, theme=theme, proposal=proposal)
    if thread.versions:
        return 0
    services.save_draft(thread, drafter, decision=decision, reason=reason, language="en",
                        translations=translations, referral_authority=referral_authority)
    for what, department, due in commitments:
        services.add_commitment(thread, drafter, what=what, department=department, due_date=due)
    services.submit_for_review(thread, drafter)
    services.publish(thread, reviewer)
    return 1


def _enrolment_answer(consultation, theme, drafter, reviewer, today) -> int:
    """Published as "under study", then corrected: two versions, the first still visible."""
    made = _answer(consultation, drafter, reviewer, theme=theme, decision="under_study",
                   reason="The education department is studying which documents schools may ask for.",
                   commitments=[("Accept a municipal attestation of address for enrolment", "Education",
                                 today - timedelta(days=40)),
                                ("One enrolment form for every school, in Arabic, French and English", "Education",
                                 today + timedelta(days=60)),
                                ("Interpreters at every enrolment day", "Social affairs", today - timedelta(days=12))])
    if not made:
        return 0
    thread = services.thread_for(consultation, theme=theme)
    services.save_draft(thread, drafter, decision="accepted_in_part",
                        reason="From this school year a municipal attestation of address is enough to enrol a child. "
                               "A single form is being prepared; interpreters will be present on enrolment days.",
                        language="en", correction_reason="The municipal council voted the new enrolment rule.",
                        translations={"fr": "Dès cette rentrée, une attestation municipale de domicile suffit pour "
                                            "inscrire un enfant.",
                                      "ar": "ابتداء من هذه السنة الدراسية تكفي شهادة إقامة بلدية لتسجيل الطفل."})
    services.submit_for_review(thread, drafter)
    services.publish(thread, reviewer)
    first, second, interpreters = thread.commitments
    services.update_commitment(first, drafter, status="in_progress", body="The rule was sent to every school.")
    services.update_commitment(first, drafter, status="done", body="All 31 schools now accept the attestation.")
    services.update_commitment(second, drafter, status="in_progress", body="Draft form under translation.")
    return 1  # `interpreters` stays planned past its due date: overdue


def _language_answer(consultation, theme, drafter, reviewer, today) -> int:
    made = _answer(consultation, drafter, reviewer, theme=theme, decision="accepted",
                   reason="Support classes will be offered to newcomer pupils on weekdays.",
                   commitments=[("Arabic support classes in three pilot schools", "Education",
                                 today + timedelta(days=20)),
                                ("Train teachers to welcome newcomer pupils", "Education", today + timedelta(days=120))])
    if not made:
        return 0
    pilot = services.thread_for(consultation, theme=theme).commitments[0]
    services.update_commitment(pilot, drafter, status="dropped",
                               body="The regional education authority runs these classes itself from this year; "
                                    "the city funds their transport instead.")
    return 1
