"""Listings of proposals and feedback that views paginate."""
import hashlib

from sqlalchemy import BigInteger, bindparam, cast, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.moderation.visibility import is_visible, visible
from app.organisations.models import Membership, MembershipStatus, Organisation

from ..models import Consultation
from .models import Feedback, Proposal, Support

SORTS = ("newest", "supported", "random")
_PRIME = 1_000_003  # the random order's modulus: well above any page count, and id * salt stays in 64 bits


def _with_author(relationship):
    """The author (or organisation) joined in, without what the signed-in person's loader adds."""
    return joinedload(relationship).lazyload("*")


def proposals(consultation, sort: str = "newest", category: str | None = None, language: str | None = None,
              organisation_type: str | None = None, seed: str = ""):
    """The ids of a consultation's proposals in the chosen order (each sort and filter has its index);
    `random` is stable for a given seed, so pages do not reshuffle. `page_of` turns it into a page.
    Hidden proposals are left out (moderation's one `visible()` query)."""
    query = visible(select(Proposal.id).where(Proposal.consultation_id == consultation.id))
    if category:
        query = query.where(Proposal.category == category)
    if language:
        query = query.where(Proposal.language == language)
    if organisation_type:
        query = query.join(Organisation, Organisation.id == Proposal.organisation_id) \
            .where(Organisation.type == organisation_type)
    if sort == "supported":
        return query.order_by(Proposal.support_count.desc(), Proposal.id.desc())
    if sort == "random":
        return query.order_by(random_key(seed), Proposal.id)
    return query.order_by(Proposal.created_at.desc(), Proposal.id.desc())


def page_of(ids_query, page: int, per_page: int = 20):
    """A page of proposals with their authors and organisations. The order and the offset are worked
    out on ids alone (an index-only scan, or a sort of narrow rows for `random`), then only the page's
    rows are loaded: page 200 costs about what page 1 does."""
    pagination = db.paginate(ids_query, page=page, per_page=per_page)
    ids = list(pagination.items)
    rows = {p.id: p for p in db.session.scalars(
        select(Proposal).where(Proposal.id.in_(ids))
        .options(_with_author(Proposal.author), _with_author(Proposal.organisation)))} if ids else {}
    pagination.items = [rows[i] for i in ids if i in rows]
    return pagination


# The proposal page's and the writes' statements are built once, with the id bound at run time:
# building an ORM statement with its loader options cost about 0.5 ms a request, as much as running
# it (measured on PostgreSQL; the same as app.consultations.queries.stamp).
def _with_consultation(*more):
    """The proposal with its consultation, council and calendar (what every permission asks about),
    and `more` loaded in the same query."""
    return select(Proposal).where(Proposal.id == bindparam("proposal_id")).options(
        joinedload(Proposal.consultation).joinedload(Consultation.council),
        joinedload(Proposal.consultation).joinedload(Consultation.phases), *more)


_PAGE = _with_consultation(_with_author(Proposal.author), _with_author(Proposal.organisation),
                           joinedload(Proposal.versions), joinedload(Proposal.attachments))
_TO_ACT_ON = _with_consultation()
_TO_ANSWER = _with_consultation(_with_author(Proposal.author))
_THREAD = select(Feedback).where(Feedback.proposal_id == bindparam("proposal_id")) \
    .options(_with_author(Feedback.author)).order_by(Feedback.created_at, Feedback.id)


def proposal_page(proposal_id: int) -> Proposal | None:
    """A proposal with all its page shows, in one query: consultation (council, phases), author,
    organisation, versions and attachments (few of each, so joining them all stays small)."""
    return db.session.scalars(_PAGE, {"proposal_id": proposal_id}).unique().one_or_none()


def proposal_to_act_on(proposal_id: int) -> Proposal | None:
    """A proposal with what permissions ask about (its consultation, council and calendar), in one
    query: supports and replies need neither its versions nor its attachments nor its author."""
    return db.session.scalars(_TO_ACT_ON, {"proposal_id": proposal_id}).unique().one_or_none()


def proposal_to_answer(proposal_id: int) -> Proposal | None:
    """As proposal_to_act_on, with the author joined in: a reply notifies them (one query, not a
    lazy load of the author and then of their council roles)."""
    return db.session.scalars(_TO_ANSWER, {"proposal_id": proposal_id}).unique().one_or_none()


def load_thread(proposal) -> list[Feedback]:
    """Every reply of a proposal with its author in one query, assembled into the tree that
    `proposal.feedback` and `reply.replies` show (instead of one query per level and per author).
    Returns them all, oldest first, for feedback_threads to filter without a second query."""
    replies = db.session.scalars(_THREAD, {"proposal_id": proposal.id}).all()
    children: dict[int | None, list[Feedback]] = {}
    for reply in replies:
        children.setdefault(reply.parent_id, []).append(reply)
    for reply in replies:
        set_committed_value(reply, "replies", children.get(reply.id, []))
    set_committed_value(proposal, "feedback", children.get(None, []))
    return replies


def random_key(seed: str):
    """A per-visitor shuffle computed in 64-bit arithmetic: ids up to 2^31 times a salt below 2^24
    cannot overflow on PostgreSQL (where `id * salt` in 32 bits did)."""
    salt = int(hashlib.sha256(seed.encode()).hexdigest()[:6], 16) or 1
    return (cast(Proposal.id, BigInteger) * salt) % _PRIME


def support_counts(proposal) -> dict[str, int]:
    """Supporters by the type of organisation they belong to ('individual' when none); one query.
    Small cells are the caller's to suppress (app.privacy)."""
    rows = db.session.execute(
        select(Support.user_id, Organisation.type)
        .outerjoin(Membership, (Membership.user_id == Support.user_id) & (Membership.status == MembershipStatus.ACTIVE))
        .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
        .where(Support.proposal_id == proposal.id)).all()
    by_type: dict[str, set] = {}
    for user_id, org_type in rows:
        by_type.setdefault(str(org_type) if org_type else "individual", set()).add(user_id)
    return {kind: len(users) for kind, users in sorted(by_type.items())}


def feedback_threads(replies: list[Feedback], reader) -> dict:
    """The visible ones of a proposal's replies (as load_thread returns them) by parent id (None: top
    level), oldest first; the reader's own hidden replies stay, marked. A reply whose parent is hidden
    moves up to the top level. is_visible is visible()'s one-item twin, so no second query is needed."""
    items = [reply for reply in replies if is_visible(reply, author=reader)]
    shown = {f.id for f in items}
    threads: dict = {}
    for item in items:
        threads.setdefault(item.parent_id if item.parent_id in shown else None, []).append(item)
    return threads


def my_proposals(user):
    """The author's own, hidden ones included (marked, with the reason), with their consultations and
    phases (shown beside each), in two queries whatever their number."""
    return visible(select(Proposal).where(Proposal.author_id == user.id), author=user) \
        .options(joinedload(Proposal.consultation).selectinload(Consultation.phases)) \
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())


def my_feedback(user):
    return visible(select(Feedback).where(Feedback.author_id == user.id), author=user) \
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
