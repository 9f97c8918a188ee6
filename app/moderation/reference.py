"""A council's reference population (shares per group for the dimensions that matter locally, with
their source and date) and what participants choose to declare of it. Legal status is never asked."""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import audit
from app.clock import utcnow
from app.councils.models import Council
from app.domain_errors import DomainError
from app.extensions import db
from app.organisations.models import Membership, MembershipStatus, Organisation

from .models import Declaration, DimensionKind, ReferenceDimension, ReferenceGroup

# Words that would turn a dimension into a question about legal status, in the languages of the UI.
FORBIDDEN = re.compile(r"legal|status|permit|visa|asylum|papers|undocumented|irregular|statut|titre de séjour|"
                       r"séjour|sans.papiers|réfugié|refugee|إقامة|لجوء|وضع قانوني|تأشيرة", re.IGNORECASE)
LINE = re.compile(r"^(?P<label>.+?)\s*[:=;]\s*(?P<share>\d+(?:[.,]\d+)?)\s*%?\s*$")


class ReferenceError_(DomainError):
    pass


def parse_groups(text: str) -> list[tuple[str, float]]:
    """'Sub-Saharan Africa: 42.5' one per line -> [(label, 0.425)]; shares must add up to 100 %."""
    groups = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = LINE.match(line.strip())
        if not match:
            raise ReferenceError_(_l("Line %(n)d: write “group: share in %%”.", n=number), field="groups", status=422)
        groups.append((match["label"].strip()[:80], float(match["share"].replace(",", ".")) / 100))
    if len(groups) < 2 or len({g for g, _ in groups}) != len(groups):
        raise ReferenceError_(_l("Give at least two groups, each once."), field="groups", status=422)
    total = sum(share for _, share in groups)
    if abs(total - 1) > 0.01:
        raise ReferenceError_(_l("The shares add up to %(total)s %%, not 100 %%.", total=round(total * 100, 1)),
                              field="groups", status=422)
    return groups


def save_dimension(council: Council, moderator, *, kind: str, label: str, source: str, source_date: date,
                   groups_text: str, dimension: ReferenceDimension | None = None) -> ReferenceDimension:
    """Create or replace a dimension's groups and shares; the change (before and after) is audited."""
    label = (label or "").strip() if kind == DimensionKind.OTHER else ""
    if kind == DimensionKind.OTHER and not label:
        raise ReferenceError_(_l("Name the dimension."), field="label", status=422)
    groups = parse_groups(groups_text)
    if FORBIDDEN.search(label) or any(FORBIDDEN.search(g) for g, _ in groups):
        raise ReferenceError_(_l("Majlis never asks about legal or residence status."), field="label", status=422)
    _refuse_a_second(council, kind, label, dimension)
    before = _snapshot(dimension) if dimension else None
    dimension = dimension or ReferenceDimension(council_id=council.id)
    dimension.kind, dimension.label, dimension.source = DimensionKind(kind), label, source.strip()
    dimension.source_date, dimension.updated_at = source_date, utcnow()
    _replace_groups(dimension, groups)
    try:
        with db.session.begin_nested():  # a twin saved at the same moment: refused, the session stays usable
            db.session.add(dimension)
            db.session.flush()
    except IntegrityError:
        if dimension in db.session:
            db.session.expunge(dimension)
        raise ReferenceError_(ALREADY, status=409) from None
    audit.record("reference.changed", dimension, actor=moderator, council_id=council.id, before=before,
                 after=_snapshot(dimension))
    return dimension


ALREADY = _l("This council already has figures for this dimension: edit them instead.")


def _refuse_a_second(council: Council, kind: str, label: str, dimension: ReferenceDimension | None) -> None:
    """One set of figures per dimension (kind, and name for 'other'): a second would be refused by
    the database at flush, a 500 before."""
    twin = db.session.scalar(select(ReferenceDimension.id).where(
        ReferenceDimension.council_id == council.id, ReferenceDimension.kind == DimensionKind(kind),
        ReferenceDimension.label == label))
    if twin is not None and (dimension is None or twin != dimension.id):
        raise ReferenceError_(ALREADY, status=409)


def _replace_groups(dimension: ReferenceDimension, groups: list[tuple[str, float]]) -> None:
    """Keep the rows of groups that stay (participants' declarations point to them)."""
    existing = {g.label: g for g in dimension.groups}
    wanted = {label for label, _ in groups}
    for label, group in existing.items():
        if label not in wanted:
            dimension.groups.remove(group)
    for position, (label, share) in enumerate(groups):
        group = existing.get(label) or ReferenceGroup(label=label)
        group.share, group.position = share, position
        if label not in existing:
            dimension.groups.append(group)


def _snapshot(dimension: ReferenceDimension) -> dict:
    return {"kind": str(dimension.kind), "label": dimension.label, "source": dimension.source,
            "date": dimension.source_date.isoformat() if dimension.source_date else None,
            "shares": {g.label: round(g.share, 4) for g in dimension.groups}}


def delete_dimension(dimension: ReferenceDimension, moderator) -> None:
    audit.record("reference.deleted", dimension, actor=moderator, council_id=dimension.council_id,
                 before=_snapshot(dimension))
    db.session.delete(dimension)


def councils_of(user) -> list[Council]:
    """The councils a person takes part in: a role there, or an active membership of one of its organisations."""
    ids = {r.council_id for r in user.council_roles}
    ids |= set(db.session.scalars(select(Organisation.council_id).join(Membership).where(
        Membership.user_id == user.id, Membership.status == MembershipStatus.ACTIVE)))
    return db.session.scalars(select(Council).where(Council.id.in_(ids)).order_by(Council.name)).all() if ids else []


def my_declarations(user) -> dict[int, int]:
    """dimension id -> the group this person declared."""
    return dict(db.session.execute(select(Declaration.dimension_id, Declaration.group_id)
                                   .where(Declaration.user_id == user.id)).all())


def declare(user, dimension: ReferenceDimension, group_id: int | None) -> None:
    """Set, change or withdraw (None) what the person declares for one dimension."""
    current = db.session.scalar(select(Declaration).where(Declaration.user_id == user.id,
                                                          Declaration.dimension_id == dimension.id))
    if group_id is None:
        if current is not None:
            db.session.delete(current)
        return
    if group_id not in {g.id for g in dimension.groups}:
        raise ReferenceError_(_l("Choose one of the listed groups."), status=400)
    if current is None:
        db.session.add(Declaration(user_id=user.id, dimension_id=dimension.id, group_id=group_id))
    else:
        current.group_id = group_id
