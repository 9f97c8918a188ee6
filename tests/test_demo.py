"""`flask demo load` fills an empty database, and a second run adds nothing."""
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.organisations.models import Membership, Organisation


def counts(db):
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (User, Organisation, Membership))


def test_demo_load_is_idempotent(runner, db):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "moderator@majlis.example" in first.output
    after_first = counts(db)
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0 and "0 users created" in second.output
    assert counts(db) == after_first


def test_demo_has_every_role_and_several_languages(runner, db):
    runner.invoke(args=["demo", "load"])
    roles = set(db.session.scalars(select(User.role)))
    assert roles == set(Role)
    names = " ".join(db.session.scalars(select(Organisation.description)))
    assert "جمعية" in names and "étudiantes" in names and "mujeres" in names.lower() and "clinics" in names
