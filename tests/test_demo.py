"""`flask demo load` fills an empty database, and a second run adds nothing."""
from sqlalchemy import func, select

from app.accounts.models import User
from app.councils.models import Council, CouncilRole, CouncilRoleKind
from app.organisations.models import Membership, Organisation


def counts(db):
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (User, Organisation, Membership))


def test_demo_load_is_idempotent(runner, db):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "moderator@majlis.example" in first.output and "secretariat (moderator) of the Sfax council" in first.output
    assert "participant (Sfax): representative of Association des étudiants subsahariens de Sfax" in first.output
    assert "participant (Lyon): individual member of the Lyon council" in first.output
    after_first = counts(db)
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0 and "0 users created" in second.output
    assert counts(db) == after_first


def test_demo_has_every_role_and_several_languages(runner, db):
    runner.invoke(args=["demo", "load"])
    assert set(db.session.scalars(select(CouncilRole.role))) == set(CouncilRoleKind)
    assert db.session.scalar(select(func.count(User.id)).where(User.is_admin)) == 1
    assert db.session.scalar(select(func.count(Council.id))) == 2  # each with its own secretariat
    for council in db.session.scalars(select(Council)):
        kinds = {r.role for r in db.session.scalars(select(CouncilRole).where(CouncilRole.council_id == council.id))}
        assert kinds == set(CouncilRoleKind), council.slug
    names = " ".join(db.session.scalars(select(Organisation.description)))
    assert "جمعية" in names and "étudiantes" in names and "mujeres" in names.lower() and "clinics" in names
