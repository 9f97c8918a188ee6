"""The trail of a proposal: where it went and what became of it, for its page and for "my activity".

theme → mandate triage (and referral) → the response that applies (its own, else its theme's) with
its version history → the commitments and their progress (overdue in the council's time zone).

Nothing submitted is left without a state: until a response is published the state is "awaiting
response", with the date the response is due. THE DUE DATE RULE: the response phase ends when the
follow-up phase starts, so the response is due on the day the consultation's FOLLOW_UP phase window
starts (its date in the council's time zone); when the calendar has no follow-up phase, on the day
its CLOSED phase starts; when it has neither, no date is promised and the page says so."""
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_login import current_user
from sqlalchemy import and_, bindparam, func, literal, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.clock import aware
from app.consultations.models import Consultation
from app.consultations.phases import Phase
from app.consultations.proposals.models import Proposal
from app.extensions import db
from app.insights.models import MandateFlag, Theme, ThemeMember
from app.moderation.visibility import visible
from app.organisations.models import MembershipStatus

from .models import Commitment, Response, ResponseVersion, VersionStatus
from .queries import council_today, is_overdue, prevailing, published


@dataclass
class CommitmentState:
    commitment: Commitment
    overdue: bool


@dataclass
class Trail:
    proposal: Proposal
    theme: Theme | None = None
    triage: MandateFlag | None = None
    response: Response | None = None
    version: ResponseVersion | None = None  # the published version that applies
    through_theme: bool = False
    history: list = field(default_factory=list)  # every published version, oldest first
    commitments: list = field(default_factory=list)  # CommitmentState
    due: date | None = None  # while awaiting a response

    @property
    def awaiting(self) -> bool:
        return self.version is None


def response_due(consultation: Consultation) -> date | None:
    """The day the city's response is due (see the rule in this module's docstring)."""
    window = consultation.window(Phase.FOLLOW_UP) or consultation.window(Phase.CLOSED)
    if window is None:
        return None
    return aware(window.starts_at).astimezone(_zone(consultation.council.time_zone)).date()


def _zone(name: str):
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def commitment_states(commitments, time_zone: str) -> list[CommitmentState]:
    today = council_today(time_zone)
    return [CommitmentState(c, is_overdue(c, today)) for c in commitments]


def proposal_trail(proposal: Proposal) -> Trail:
    """Everything the proposal's page shows about what became of it."""
    return trails([proposal], with_triage=True)[proposal.id]


def trails(proposals, with_triage: bool = False) -> dict[int, Trail]:
    """The trails of many proposals in one query when nothing has been answered yet (two or three when
    answers exist: their versions, commitments and updates), whatever the number of proposals. The
    response that applies follows queries.applicable_response: the proposal's own published response
    first, else its theme's."""
    proposals = list(proposals)
    ids = [p.id for p in proposals]
    if not ids:
        return {}
    themes, flags, own, by_theme = {}, {}, {}, {}
    for proposal_id, theme, response, flag in db.session.execute(_trails_statement(with_triage), {"ids": ids}):
        themes[proposal_id], flags[proposal_id] = theme, flag
        if response is not None and response.proposal_id == proposal_id:
            own[proposal_id] = response
        elif response is not None:
            by_theme[response.theme_id] = response
    _load_councils(proposals)
    return {p.id: _trail(p, themes.get(p.id), flags.get(p.id), own.get(p.id), by_theme) for p in proposals}


@cache
def _trails_statement(with_triage: bool):
    """Built once per variant, the ids bound at run time: on the proposal page, building this
    statement (an alias, three outer joins, two loader options) cost more than running it."""
    member = aliased(ThemeMember)
    query = select(Proposal.id, Theme, Response, MandateFlag if with_triage else literal(None)) \
        .select_from(Proposal) \
        .outerjoin(member, member.proposal_id == Proposal.id).outerjoin(Theme, Theme.id == member.theme_id) \
        .outerjoin(Response, or_(Response.proposal_id == Proposal.id,
                                 and_(member.theme_id.is_not(None), Response.theme_id == member.theme_id)))
    if with_triage:
        query = query.outerjoin(MandateFlag, MandateFlag.proposal_id == Proposal.id)
    return query.where(Proposal.id.in_(bindparam("ids", expanding=True))).options(
        selectinload(Response.versions), selectinload(Response.commitments).selectinload(Commitment.updates))


def _load_councils(proposals) -> None:
    """One query for the councils of these proposals' consultations (their time zones), unless the
    page loaded them already."""
    from app.councils.models import Council

    waiting = [p.consultation for p in proposals if "council" not in vars(p.consultation)]
    if waiting:
        found = {c.id: c for c in db.session.scalars(select(Council).where(
            Council.id.in_({c.council_id for c in waiting})))}
        for consultation in waiting:
            set_committed_value(consultation, "council", found.get(consultation.council_id))


def _trail(proposal, theme, flag, own, by_theme) -> Trail:
    trail = Trail(proposal=proposal, theme=theme, triage=flag)
    applied = prevailing(own, by_theme.get(theme.id) if theme is not None else None)
    if applied is None:
        trail.due = response_due(proposal.consultation)
        return trail
    response, version = applied
    trail.response, trail.version = response, version
    trail.through_theme = response.theme_id is not None
    trail.history = [v for v in response.versions if v.status == VersionStatus.PUBLISHED]
    trail.commitments = commitment_states(response.commitments, proposal.consultation.council.time_zone)
    return trail


def activity_trails(proposals) -> dict[int, Trail]:
    """For "my activity": the trails of the person's and their organisations' proposals, worked out
    once per request."""
    from flask import g

    # Keyed by the list itself (the template passes the same one for every line): a key made of the
    # ids was rebuilt per line, quadratic in the length of the list.
    cache = g.setdefault("majlis_activity_trails", {})
    if id(proposals) not in cache:
        cache[id(proposals)] = (proposals, trails([*proposals, *my_organisations_proposals()]))
    return cache[id(proposals)][1]


# A large organisation may have sent thousands of proposals: "my activity" shows the newest ones and
# says how many there are, so the page stays the same size whatever the organisation's history.
ORGANISATION_ACTIVITY_LIMIT = 20


def organisation_proposals(user, limit: int = ORGANISATION_ACTIVITY_LIMIT,
                           page: int = 1) -> tuple[list[Proposal], int]:
    """A page of the visible proposals sent by the organisations the person belongs to, other than
    their own, newest first, and how many there are in all (a window count: the same single query)."""
    if not getattr(user, "is_authenticated", False):
        return [], 0
    organisation_ids = [m.organisation_id for m in user.memberships if m.status == MembershipStatus.ACTIVE]
    if not organisation_ids:
        return [], 0
    query = visible(select(Proposal, func.count().over()).where(Proposal.organisation_id.in_(organisation_ids),
                                                                or_(Proposal.author_id.is_(None),  # imported
                                                                    Proposal.author_id != user.id)))
    rows = db.session.execute(query.order_by(Proposal.created_at.desc(), Proposal.id.desc())
                              .limit(limit).offset((page - 1) * limit)).all()
    return [proposal for proposal, _total in rows], (rows[0][1] if rows else 0)


def my_organisations_proposals() -> list[Proposal]:
    """For the "my activity" template: the signed-in person's organisations' proposals (once per request)."""
    from flask import g

    if "majlis_organisation_proposals" not in g:
        g.majlis_organisation_proposals = organisation_proposals(current_user, page=my_organisations_page())
    return g.majlis_organisation_proposals[0]


def my_organisations_page() -> int:
    """Which page of the organisations' proposals "my activity" shows (`?organisations_page=`)."""
    from app.inputs import page_arg

    return page_arg("organisations_page")


def my_organisations_proposal_count() -> int:
    """For "my activity": how many organisation proposals there are in all (the list shows the newest)."""
    from flask import g

    my_organisations_proposals()
    return g.majlis_organisation_proposals[1]


# Pages that gather trails ------------------------------------------------------------------------

@dataclass
class ThemeReport:
    theme: Theme
    count: int
    quotes: list  # visible proposals quoted
    version: ResponseVersion | None
    response: Response | None
    commitments: list


@dataclass
class ProposalReport:
    proposal: Proposal
    version: ResponseVersion
    response: Response
    commitments: list


def _published_version(response):
    return published(response)


def consultation_report(consultation: Consultation) -> dict:
    """What "you said, we did" shows: themes (visible members counted, visible quotes), the city's
    published decision on each and on single proposals, and the commitments with their progress."""
    zone = consultation.council.time_zone
    visible_ids = set(db.session.scalars(visible(select(Proposal.id)
                                                 .where(Proposal.consultation_id == consultation.id))))
    responses = {(r.theme_id, r.proposal_id): r for r in db.session.scalars(
        select(Response).where(Response.consultation_id == consultation.id).options(
            selectinload(Response.versions), selectinload(Response.commitments)))}
    live = db.session.scalars(select(Theme).where(Theme.consultation_id == consultation.id,
                                                  Theme.retired_at.is_(None))
                              .options(selectinload(Theme.members)).order_by(Theme.id)).all()
    quoted = {t.id: [i for i in (t.quotes or []) if i in visible_ids][:3] for t in live}
    quotes = {p.id: p for p in _proposals([i for ids in quoted.values() for i in ids])}
    themes = []
    for theme in live:
        members = [m.proposal_id for m in theme.members if m.proposal_id in visible_ids]
        response = responses.get((theme.id, None))
        version = _published_version(response)
        themes.append(ThemeReport(theme, len(members), [quotes[i] for i in quoted[theme.id] if i in quotes],
                                  version, response,
                                  commitment_states(response.commitments, zone) if version else []))
    themes.sort(key=lambda t: -t.count)
    singles = []
    answered = {proposal_id: response for (_, proposal_id), response in responses.items()
                if proposal_id in visible_ids and _published_version(response) is not None}
    for proposal in _proposals(list(answered)):
        response = answered[proposal.id]
        singles.append(ProposalReport(proposal, _published_version(response), response,
                                      commitment_states(response.commitments, zone)))
    singles.sort(key=lambda s: s.proposal.id)
    return {"themes": themes, "singles": singles}


def _proposals(ids: list[int]) -> list[Proposal]:
    if not ids:
        return []
    found = {p.id: p for p in db.session.scalars(select(Proposal).where(Proposal.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def participants_by_type(consultation: Consultation) -> dict[str, int]:
    """Distinct authors of visible proposals by the type of the organisation they wrote for
    ('individual' when none); the caller suppresses small cells (app.privacy)."""
    from app.organisations.models import Organisation

    rows = db.session.execute(visible(
        select(Proposal.author_id, Organisation.type).select_from(Proposal)
        .outerjoin(Organisation, Organisation.id == Proposal.organisation_id)
        .where(Proposal.consultation_id == consultation.id), Proposal)).all()
    by_type: dict[str, set] = {}
    for author_id, org_type in rows:
        if author_id is not None:
            by_type.setdefault(str(org_type) if org_type else "individual", set()).add(author_id)
    return {kind: len(people) for kind, people in sorted(by_type.items())}


def council_commitments(council, reader, *, status: str | None = None, department: str | None = None,
                        consultation_id: int | None = None, overdue: bool = False):
    """The council's public commitments (their answer published, their consultation and proposal visible to
    the reader), filtered, each with its overdue state; and the departments, for the filter."""
    from app.consultations.permissions import can_view_consultation

    query = select(Commitment).join(Response, Response.id == Commitment.response_id) \
        .where(Commitment.council_id == council.id) \
        .options(joinedload(Commitment.response).selectinload(Response.versions),
                 selectinload(Commitment.updates)).order_by(Commitment.due_date, Commitment.id)
    items = []
    visible_ids: dict[int, set] = {}
    consultations: dict[int, Consultation] = {}
    for commitment in db.session.scalars(query).unique():
        response = commitment.response
        if _published_version(response) is None:
            continue
        consultation = consultations.setdefault(response.consultation_id,
                                                db.session.get(Consultation, response.consultation_id))
        if not can_view_consultation(reader, consultation):
            continue
        if response.proposal_id is not None:
            if consultation.id not in visible_ids:
                visible_ids[consultation.id] = set(db.session.scalars(visible(
                    select(Proposal.id).where(Proposal.consultation_id == consultation.id))))
            if response.proposal_id not in visible_ids[consultation.id]:
                continue
        items.append((commitment, consultation))
    departments = sorted({c.department for c, _ in items})
    today = council_today(council.time_zone)
    rows = [(c, consultation, is_overdue(c, today)) for c, consultation in items
            if (not status or c.status == status) and (not department or c.department == department)
            and (not consultation_id or consultation.id == consultation_id)]
    if overdue:
        rows = [row for row in rows if row[2]]
    listed = {consultation.id: consultation for _, consultation in items}
    return rows, departments, sorted(listed.values(), key=lambda c: c.id)


@dataclass
class RecentAnswer:
    """One line of the home page's "the city's answers", rendered as HTML by itself (the home page
    template prints each item as it is)."""
    version: ResponseVersion
    title: str
    consultation_title: str

    def __html__(self) -> str:
        from flask import render_template

        return render_template("responses/_recent.html", item=self)


def recent_answers(reader, limit: int = 5) -> list[RecentAnswer]:
    """The latest published answers the reader may see (a corrected one appears once, as corrected)."""
    from flask_babel import get_locale

    from app.consultations.permissions import can_view_consultation

    query = select(ResponseVersion).where(ResponseVersion.status == VersionStatus.PUBLISHED) \
        .options(joinedload(ResponseVersion.response)) \
        .order_by(ResponseVersion.published_at.desc(), ResponseVersion.id.desc()).limit(limit * 4)
    found, seen = [], set()
    for version in db.session.scalars(query).unique():
        response = version.response
        if response.id in seen:
            continue
        consultation = db.session.get(Consultation, response.consultation_id)
        if not can_view_consultation(reader, consultation):
            continue
        if response.proposal_id is not None:
            proposal = db.session.get(Proposal, response.proposal_id)
            if proposal is None or not proposal.shown():
                continue
            title = proposal.title
        else:
            title = db.session.get(Theme, response.theme_id).title
        seen.add(response.id)
        found.append(RecentAnswer(version, title, consultation.localized("title", str(get_locale()))[0]))
        if len(found) == limit:
            break
    return found


# The answering desk and a response page ---------------------------------------------------------

def desk(consultation: Consultation) -> dict:
    """What the answering desk lists: the live themes, the visible proposals with their theme, and the
    response thread of each (by (theme id, proposal id))."""
    threads = {(r.theme_id, r.proposal_id): r for r in db.session.scalars(
        select(Response).where(Response.consultation_id == consultation.id))}
    themes = db.session.scalars(select(Theme).where(Theme.consultation_id == consultation.id,
                                                    Theme.retired_at.is_(None)).order_by(Theme.id)).all()
    members = dict(db.session.execute(select(ThemeMember.proposal_id, ThemeMember.theme_id)
                                      .join(Theme, Theme.id == ThemeMember.theme_id)
                                      .where(Theme.consultation_id == consultation.id)).all())
    proposals = db.session.scalars(visible(select(Proposal).where(Proposal.consultation_id == consultation.id))
                                   .order_by(Proposal.id)).all()
    return {"threads": threads, "themes": themes, "members": members, "proposals": proposals}


def response_view(response: Response, consultation: Consultation) -> dict:
    """What a response page shows: its target (and the theme's visible members), the published version
    with its history, the version in the works, and the commitments with their overdue state."""
    from .services import open_version

    theme = db.session.get(Theme, response.theme_id) if response.theme_id else None
    proposal = db.session.get(Proposal, response.proposal_id) if response.proposal_id else None
    members = []
    if theme is not None:
        members = db.session.scalars(visible(select(Proposal).join(ThemeMember, ThemeMember.proposal_id == Proposal.id)
                                             .where(ThemeMember.theme_id == theme.id)).order_by(Proposal.id)).all()
    return {"theme": theme, "proposal": proposal, "members": members, "version": published(response),
            "history": [v for v in response.versions if v.status == VersionStatus.PUBLISHED],
            "draft": open_version(response),
            "commitments": commitment_states(response.commitments, consultation.council.time_zone)}


def suggested_authority(proposal: Proposal | None) -> str:
    """For a single proposal, the authority its mandate triage named (the commissioner may change it)."""
    if proposal is None:
        return ""
    flag = db.session.scalar(select(MandateFlag).where(MandateFlag.proposal_id == proposal.id))
    return flag.effective_authority if flag is not None and flag.outside_mandate else ""
