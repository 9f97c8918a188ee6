"""Factories for what a run stores (themes with members, duplicate groups, mandate flags), so that
curation can be tested without running the engine."""
import factory

from app.consultations.proposals import services as proposals
from app.extensions import db
from app.insights.models import DuplicateGroup, MandateFlag, Theme, ThemeMember
from tests.factories import Base, ConsultationFactory, MembershipFactory, OrganisationFactory


class ThemeFactory(Base):
    class Meta:
        model = Theme

    consultation_id = factory.LazyFunction(lambda: ConsultationFactory().id)
    label = factory.Sequence(lambda n: f"housing rent deposit {n}")
    terms = factory.LazyAttribute(lambda o: o.label.split())


class DuplicateGroupFactory(Base):
    class Meta:
        model = DuplicateGroup

    similarity = 0.92


class MandateFlagFactory(Base):
    class Meta:
        model = MandateFlag

    level = "national"
    category = "residence_permits"
    authority = "Ministère de l'Intérieur"
    confidence = 0.55
    needs_review = True
    detail = factory.LazyFunction(lambda: {"act": "renew a residence permit", "terms": ["residence permit"]})


def author_in(consultation):
    """A member of an accredited organisation of the consultation's council, who may submit."""
    return MembershipFactory(organisation=OrganisationFactory(council=consultation.council)).user


def proposal_in(consultation, title: str = "Open the library on Sundays", body: str = "Families need it.",
                author=None, language: str = "en"):
    """A proposal submitted through the real service (in its open phase)."""
    item = proposals.submit_proposal(author or author_in(consultation), consultation, title=title, body=body,
                                     language=language)
    db.session.commit()
    return item


def theme_with(consultation, items, pinned=(), **fields) -> Theme:
    """A theme holding these proposals (those in `pinned` pinned), as a run would store it."""
    theme = ThemeFactory(consultation_id=consultation.id, **fields)
    for item in items:
        db.session.add(ThemeMember(theme_id=theme.id, proposal_id=item.id, pinned=item in pinned))
    theme.quotes = [item.id for item in items[:2]]
    theme.languages = {"en": len(items)}
    db.session.commit()
    return theme


def duplicates_of(consultation, items, **fields) -> DuplicateGroup:
    return DuplicateGroupFactory(consultation_id=consultation.id, proposal_ids=sorted(i.id for i in items), **fields)


def flag_for(item, **fields) -> MandateFlag:
    return MandateFlagFactory(consultation_id=item.consultation_id, proposal_id=item.id, **fields)


def curation_world(themes: int = 2, per_theme: int = 2):
    """A consultation in its open phase with themes of proposals and a duplicate group of two of them."""
    consultation = ConsultationFactory(phase="open")
    author = author_in(consultation)
    made = []
    for t in range(themes):
        items = [proposal_in(consultation, title=f"Proposal {t}-{i}", author=author) for i in range(per_theme)]
        made.append(theme_with(consultation, items, label=f"theme {t} terms"))
    items = [m.proposal_id for theme in made for m in theme.members]
    group = DuplicateGroupFactory(consultation_id=consultation.id, proposal_ids=sorted(items[:2]))
    return consultation, made, group
