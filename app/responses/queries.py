"""Reading responses: which answer applies to a proposal, and whether a commitment is overdue.

Shared by the pages, the exports, the feed and the API, so that they can never disagree."""
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from app.clock import utcnow
from app.extensions import db
from app.insights.models import ThemeMember

from .models import Commitment, CommitmentStatus, Response, ResponseVersion, VersionStatus

OPEN_STATUSES = (CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS)


def published(response: Response | None) -> ResponseVersion | None:
    """The newest published version: what the public reads (older published versions stay as history)."""
    if response is None:
        return None
    versions = [v for v in response.versions if v.status == VersionStatus.PUBLISHED]
    return versions[-1] if versions else None


def response_for_proposal(proposal_id: int) -> Response | None:
    return db.session.scalar(select(Response).where(Response.proposal_id == proposal_id))


def response_for_theme(theme_id: int) -> Response | None:
    return db.session.scalar(select(Response).where(Response.theme_id == theme_id))


def theme_id_of(proposal_id: int) -> int | None:
    return db.session.scalar(select(ThemeMember.theme_id).where(ThemeMember.proposal_id == proposal_id))


def applicable_response(proposal_id: int) -> tuple[Response, ResponseVersion] | None:
    """The response that applies to a proposal: its own published one first, else its theme's; else None."""
    theme_id = theme_id_of(proposal_id)
    return prevailing(response_for_proposal(proposal_id),
                      response_for_theme(theme_id) if theme_id is not None else None)


def prevailing(own: Response | None, through_theme: Response | None) -> tuple[Response, ResponseVersion] | None:
    """The one rule, for callers that loaded the two candidates themselves (pages, exports, the API): a
    proposal's own published response takes precedence over its theme's."""
    for response in (own, through_theme):
        if (version := published(response)) is not None:
            return response, version
    return None


def council_today(time_zone: str, now: datetime | None = None) -> date:
    """Today's date in the council's city (an unknown zone reads as UTC rather than failing a page)."""
    try:
        zone = ZoneInfo(time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return (now or utcnow()).astimezone(zone).date()


def is_overdue(commitment: Commitment, today: date) -> bool:
    """Past its due date and neither done nor dropped: due on day D, overdue from D + 1."""
    return commitment.status in OPEN_STATUSES and commitment.due_date < today


def answered(consultation_id: int) -> tuple[set[int], set[int]]:
    """(proposal ids, theme ids) with a published response of their own; a member of an answered theme is
    answered through it. Two queries, for the briefing's list of what still awaits an answer."""
    rows = db.session.execute(
        select(Response.proposal_id, Response.theme_id).join(ResponseVersion)
        .where(Response.consultation_id == consultation_id, ResponseVersion.status == VersionStatus.PUBLISHED)
        .distinct()).all()
    themes = {theme for _, theme in rows if theme is not None}
    proposals = {proposal for proposal, _ in rows if proposal is not None}
    if themes:
        proposals |= set(db.session.scalars(select(ThemeMember.proposal_id).where(ThemeMember.theme_id.in_(themes))))
    return proposals, themes
