"""Fair selections of seats for a council: compute and commit to the LEXIMIN lottery first, draw later
with a seed derived from a value published after the commitment. Both steps are audited."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import audit
from app.clock import utcnow
from app.domain_errors import DomainError
from app.extensions import db

from .models import Selection
from .selection import draw as draws
from .selection.leximin import Infeasible, leximin
from .selection.pool import PoolError, read_texts


class SelectionError(DomainError):
    def __init__(self, message, field=None, status=422, conflicts=None):
        super().__init__(message, field=field, status=status)
        self.conflicts = conflicts or []


def create(council, moderator, *, title: str, panel_size: int, categories_csv: str, respondents_csv: str,
           announcement: str) -> Selection:
    """Read the pool (only ids and features are kept), compute the lottery and store its commitment."""
    try:
        pool = read_texts(categories_csv, respondents_csv)
        result = leximin(pool, panel_size)
    except PoolError as error:
        raise SelectionError(str(error), field="respondents") from None
    except Infeasible as error:
        raise SelectionError(_l("No panel can meet these quotas."), field="categories",
                             conflicts=error.conflicts) from None
    lottery = draws.published(result)
    selection = Selection(council_id=council.id, title=title.strip(), panel_size=panel_size, pool_size=len(pool.ids),
                          quotas=[[c, v, lo, hi] for (c, v), (lo, hi) in pool.quotas.items()],
                          announcement=announcement.strip(), lottery=lottery, commitment=draws.commitment(lottery),
                          min_probability=result.min_probability, seconds=round(result.seconds, 3),
                          created_by_id=getattr(moderator, "id", None))
    db.session.add(selection)
    db.session.flush()
    audit.record("selection.computed", selection, actor=moderator, council_id=council.id,
                 commitment=selection.commitment, min_probability=round(selection.min_probability, 6),
                 panel_size=panel_size, pool_size=selection.pool_size)
    return selection


def draw(selection: Selection, public_value: str, moderator=None) -> list[str]:
    """Draw the panel from the committed lottery with SHA-256(public value) as the seed; once only."""
    if selection.drawn_at is not None:
        raise SelectionError(_l("This selection was already drawn."), status=409)
    if not (public_value or "").strip():
        raise SelectionError(_l("Enter the published value."), field="public_value")
    if draws.commitment(selection.lottery) != selection.commitment:
        raise SelectionError(_l("The stored lottery no longer matches its commitment."), status=409)
    selection.public_value = public_value.strip()
    selection.seed = draws.seed_of(selection.public_value)
    selection.panel = draws.draw(selection.lottery, selection.seed)
    selection.drawn_at = utcnow()
    audit.record("selection.drawn", selection, actor=moderator, council_id=selection.council_id,
                 seed=selection.seed, panel=selection.panel, commitment=selection.commitment)
    return selection.panel


def of_councils(council_ids):
    query = select(Selection).order_by(Selection.created_at.desc())
    return query if council_ids is None else query.where(Selection.council_id.in_(council_ids))


def volunteers(selection: Selection) -> list[dict]:
    """Each volunteer's features and selection probability, for the secretariat."""
    rows = [{"id": person, "features": t["features"], "probability": t["probability"],
             "selected": person in set(selection.panel)}
            for t in selection.lottery.get("types", []) for person in t["ids"]]
    return sorted(rows, key=lambda r: (r["probability"], r["id"]))
