"""factory_boy factories for the main records; they commit so that HTTP requests see them."""
import factory
from factory.alchemy import SQLAlchemyModelFactory

from app.accounts.models import User
from app.clock import utcnow
from app.consultations.models import Consultation
from app.councils.models import Council, CouncilRole, CouncilRoleKind
from app.extensions import db
from app.organisations.models import (Accreditation, Membership, MembershipStatus, Organisation,
                                      OrganisationType, SizeBand)

PASSWORD = "correct horse battery"


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class CouncilFactory(Base):
    class Meta:
        model = Council

    slug = factory.Sequence(lambda n: f"council-{n}")
    name = factory.Sequence(lambda n: f"Migrant council {n}")
    city = "Tunis"
    country = "TN"
    languages = ["ar", "fr"]
    competence_map = "tunis"


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    language = "en"
    email_verified_at = factory.LazyFunction(utcnow)
    password_hash = factory.LazyFunction(lambda: _hash())


def with_role(council, role: str, user=None) -> User:
    """A person (new unless given) holding `role` on `council`: moderator, commissioner or member."""
    user = user or UserFactory()
    db.session.add(CouncilRole(user_id=user.id, council_id=council.id, role=CouncilRoleKind(role)))
    db.session.commit()
    db.session.refresh(user)
    return user


def moderator(council, user=None) -> User:
    return with_role(council, "moderator", user)


def commissioner(council, user=None) -> User:
    return with_role(council, "commissioner", user)


def council_member(council, user=None) -> User:
    return with_role(council, "member", user)


def admin() -> User:
    return UserFactory(is_admin=True)


_cached_hash = {}


def _hash() -> str:
    """Hashing is deliberately slow; the tests share one hash of the same password."""
    if "h" not in _cached_hash:
        user = User()
        user.set_password(PASSWORD)
        _cached_hash["h"] = user.password_hash
    return _cached_hash["h"]


class OrganisationFactory(Base):
    class Meta:
        model = Organisation

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Association {n}")
    type = OrganisationType.MIGRANT_ASSOCIATION
    membership_band = SizeBand.SMALL
    status = Accreditation.ACCREDITED


class MembershipFactory(Base):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = MembershipStatus.ACTIVE
    is_representative = False


class ConsultationFactory(Base):
    class Meta:
        model = Consultation

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Consultation {n}")
    description = "How should the city welcome newcomers?"
    categories = ["housing", "transport", "language"]

    @classmethod
    def _create(cls, model_class, *args, phase="open", **kwargs):
        from app.consultations import services

        consultation = services.create_consultation(*args, calendar=services.calendar_around(phase, days=7), **kwargs)
        db.session.commit()
        return consultation

