"""Curation: a moderator corrects what a run found, and every correction is in the audit log.

Each use case checks everything before it changes anything, so a refusal (a `CurationError`) leaves
nothing half applied; none commits (the request's unit of work does). What a moderator decides is
marked (a pinned member, a curated name, a decided group, a confirmed or overridden flag) so that the
run pipeline keeps it on the next run; mandate overrides also become triage corrections of the council,
from which its classifier learns."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select, update

from app.analysis.competences import LEVELS, CompetenceMap, UnknownCity, taxonomy
from app.audit import services as audit
from app.clock import utcnow
from app.consultations.models import Consultation
from app.consultations.proposals.models import Proposal
from app.domain_errors import DomainError
from app.extensions import db
from app.moderation.visibility import visible

from .models import DuplicateGroup, DuplicateStatus, FlagStatus, MandateFlag, Theme, ThemeMember, TriageCorrection

MAX_QUOTES = 3


class CurationError(DomainError):
    pass


# Themes -------------------------------------------------------------------------------------------

def rename_theme(actor, theme: Theme, name: str) -> Theme:
    """Give a theme the moderator's name; an empty name goes back to the computed label."""
    _check_active(theme)
    name = " ".join((name or "").split())
    if len(name) > 200:
        raise CurationError(_l("A theme's name has at most 200 characters."), field="name", status=422)
    before, theme.name = theme.name, name
    _record("theme.renamed", theme, actor, before=before, name=name)
    return theme


def merge_themes(actor, sources: list[Theme], target: Theme) -> Theme:
    """Move every member of the sources into the target (pins kept) and retire the sources, which
    point at the target so that links and responses to them still lead somewhere."""
    sources = list({source.id: source for source in sources}.values())
    _lock([*sources, target])
    _check_merge(sources, target)
    now = utcnow()
    for source in sources:
        for member in list(source.members):
            member.theme = target
        target.quotes = _merged_quotes(target.quotes, source.quotes)
        source.retired_at, source.merged_into_id = now, target.id
    db.session.flush()
    _refresh(target)
    _record("theme.merged", target, actor, sources=[s.id for s in sources],
            source_titles=[s.title for s in sources])
    return target


def split_theme(actor, theme: Theme, proposal_ids: list[int], new_name: str) -> Theme:
    """Take some members out of a theme into a new theme of their own, pinned there."""
    _lock([theme])
    _check_active(theme)
    chosen = _members_to_split(theme, proposal_ids)
    new_name = " ".join((new_name or "").split())
    if not new_name or len(new_name) > 200:
        raise CurationError(_l("Give the new theme a name (at most 200 characters)."), field="name", status=422)
    new = Theme(consultation_id=theme.consultation_id, run_id=theme.run_id, name=new_name)
    db.session.add(new)
    for member in chosen:
        member.theme, member.pinned = new, True
    moved = {m.proposal_id for m in chosen}
    new.quotes = [q for q in theme.quotes if q in moved][:MAX_QUOTES]
    theme.quotes = [q for q in theme.quotes if q not in moved]
    db.session.flush()
    _refresh(theme)
    _refresh(new)
    _record("theme.split", new, actor, from_theme=theme.id, proposals=sorted(moved), name=new_name)
    return new


def move_submission(actor, proposal: Proposal, theme: Theme) -> ThemeMember:
    """Put a proposal in a theme and pin it there: the next run will not move it back."""
    _lock([theme])
    _check_active(theme)
    if proposal.consultation_id != theme.consultation_id:
        raise CurationError(_l("This proposal belongs to another consultation."), field="proposal_id", status=422)
    member = db.session.scalar(select(ThemeMember).where(ThemeMember.proposal_id == proposal.id))
    previous = member.theme if member is not None else None
    if member is None:
        member = ThemeMember(proposal_id=proposal.id)
        db.session.add(member)
    member.theme, member.pinned = theme, True
    if previous is not None and previous is not theme:
        previous.quotes = [q for q in previous.quotes if q != proposal.id]
    db.session.flush()
    for changed in {theme, previous} - {None}:
        _refresh(changed)
    _record("theme.member_moved", theme, actor, proposal=proposal.id,
            from_theme=previous.id if previous is not None else None)
    return member


def proposal_of(consultation, proposal_id: int | None) -> Proposal:
    """A proposal of this consultation named by its number in a form (refused if there is none)."""
    proposal = db.session.get(Proposal, proposal_id) if proposal_id else None
    if proposal is None or proposal.consultation_id != consultation.id:
        raise CurationError(_l("There is no proposal with this number in this consultation."),
                            field="proposal_id", status=422)
    return proposal


def _lock(themes: list[Theme]) -> None:
    """Serialise curation of the same themes (two moderators merging A into B and B into A at once):
    a no-op update takes their row locks (SQLite: the write lock), then they are read as committed."""
    ids = sorted({theme.id for theme in themes})
    db.session.execute(update(Theme).where(Theme.id.in_(ids)).values(retired_at=Theme.retired_at)
                       .execution_options(synchronize_session=False))
    for theme in themes:
        db.session.refresh(theme)


def _check_active(theme: Theme) -> None:
    if theme.retired_at is not None:
        raise CurationError(_l("This theme was merged or retired; reload the page."), status=409)


def _check_merge(sources: list[Theme], target: Theme) -> None:
    _check_active(target)
    if not sources:
        raise CurationError(_l("Choose at least one theme to merge."), field="sources", status=422)
    if any(source.id == target.id for source in sources):
        raise CurationError(_l("A theme cannot be merged into itself."), field="target", status=422)
    if any(source.retired_at is not None for source in sources):
        raise CurationError(_l("One of these themes was already merged or retired; reload the page."), status=409)
    if any(source.consultation_id != target.consultation_id for source in sources):
        raise CurationError(_l("Only themes of the same consultation can be merged."), field="sources", status=422)


def _members_to_split(theme: Theme, proposal_ids) -> list[ThemeMember]:
    wanted = set(proposal_ids or ())
    chosen = [m for m in theme.members if m.proposal_id in wanted]
    if not wanted:
        raise CurationError(_l("Tick the proposals that form the new theme."), field="proposal_ids", status=422)
    if len(chosen) != len(wanted):
        raise CurationError(_l("Some of the ticked proposals are no longer in this theme; reload the page."),
                            field="proposal_ids", status=409)
    if len(chosen) == len(theme.members):
        raise CurationError(_l("Leave at least one proposal in the theme (to change its name, rename it)."),
                            field="proposal_ids", status=422)
    return chosen


def _merged_quotes(first: list, second: list) -> list:
    return list(dict.fromkeys([*(first or []), *(second or [])]))[:MAX_QUOTES]


def _refresh(theme: Theme) -> None:
    """Keep the computed figures true to the members after a moderator moved some: languages count
    members; quotes stay members (filled with the most supported when a theme has none left)."""
    rows = db.session.execute(select(Proposal.id, Proposal.language, Proposal.support_count)
                              .join(ThemeMember, ThemeMember.proposal_id == Proposal.id)
                              .where(ThemeMember.theme_id == theme.id)).all()
    ids = {row.id for row in rows}
    languages: dict[str, int] = {}
    for row in rows:
        languages[row.language] = languages.get(row.language, 0) + 1
    theme.languages = languages
    quotes = [q for q in (theme.quotes or []) if q in ids]
    if not quotes:
        quotes = [row.id for row in sorted(rows, key=lambda r: (-r.support_count, r.id))][:MAX_QUOTES]
    theme.quotes = quotes


# Near-duplicates ---------------------------------------------------------------------------------

def confirm_duplicates(actor, group: DuplicateGroup, canonical_id: int | None = None) -> DuplicateGroup:
    """Say that these submissions are the same request (a campaign, or one posted twice), optionally
    naming the one that stands for all of them."""
    _check_group(group)
    if canonical_id is not None and canonical_id not in group.proposal_ids:
        raise CurationError(_l("Choose one of the group's proposals."), field="canonical_id", status=422)
    _decide(group, DuplicateStatus.CONFIRMED, actor)
    group.canonical_id = canonical_id if canonical_id is not None else group.canonical_id
    _record("duplicates.confirmed", group, actor, proposals=group.proposal_ids, canonical=group.canonical_id)
    return group


def dismiss_duplicates(actor, group: DuplicateGroup) -> DuplicateGroup:
    """Say that these submissions only look alike: each counts on its own."""
    _check_group(group)
    _decide(group, DuplicateStatus.DISMISSED, actor)
    _record("duplicates.dismissed", group, actor, proposals=group.proposal_ids)
    return group


def _check_group(group: DuplicateGroup) -> None:
    if group.retired_at is not None:
        raise CurationError(_l("The last run no longer finds this group; reload the page."), status=409)


def _decide(group: DuplicateGroup, status: DuplicateStatus, actor) -> None:
    group.status, group.decided_by_id, group.decided_at = status, getattr(actor, "id", None), utcnow()


# Mandate flags ------------------------------------------------------------------------------------

def confirm_flag(actor, flag: MandateFlag) -> MandateFlag:
    """Agree with the automatic triage: the level, category and authority found stand (and stay)."""
    flag.status = FlagStatus.CONFIRMED
    flag.override_level = flag.override_category = flag.override_authority = ""
    _decide_flag(flag, actor)
    _record("mandate_flag.confirmed", flag, actor, proposal=flag.proposal_id, level=flag.level,
            category=flag.category, authority=flag.authority)
    return flag


def override_flag(actor, flag: MandateFlag, level: str, category: str, authority: str) -> MandateFlag:
    """Correct the triage of one proposal, and teach it to the council's classifier (a correction of
    the council, with the proposal's text), so that the next run decides similar texts alike."""
    council = _council_of(flag)
    choices = mandate_choices(council)
    _check_override(choices, level, category, authority, found=flag.authority)
    flag.status = FlagStatus.OVERRIDDEN
    flag.override_level, flag.override_category, flag.override_authority = level, category, authority
    _decide_flag(flag, actor)
    proposal = db.session.get(Proposal, flag.proposal_id)
    db.session.add(TriageCorrection(council_id=council.id, proposal_id=proposal.id, level=level, category=category,
                                    text=f"{proposal.title}\n{proposal.body}"))
    _record("mandate_flag.overridden", flag, actor, proposal=flag.proposal_id,
            before={"level": flag.level, "category": flag.category, "authority": flag.authority},
            level=level, category=category, authority=authority)
    return flag


def _check_override(choices: "MandateChoices", level: str, category: str, authority: str, found: str = "") -> None:
    """Values from the council's competence map (or the authority the engine named itself)."""
    if level not in choices.levels:
        raise CurationError(_l("Choose a level from the list."), field="level", status=422)
    if category not in choices.categories:
        raise CurationError(_l("Choose a category from the list."), field="category", status=422)
    if authority and authority != found and authority not in choices.authorities:
        raise CurationError(_l("Choose an authority from the list."), field="authority", status=422)


def _decide_flag(flag: MandateFlag, actor) -> None:
    flag.decided_by_id, flag.decided_at = getattr(actor, "id", None), utcnow()


@dataclass
class MandateChoices:
    """What an override may say in this council's city: levels, categories (id -> name in the reader's
    language) and the authorities its competence map names, with the category's usual answer."""
    levels: tuple
    categories: dict
    authorities: list
    usual: dict


def mandate_choices(council, language: str = "en") -> MandateChoices:
    """The valid override values, read from the council's competence map."""
    try:
        competence = CompetenceMap.load(council.competence_map)
    except UnknownCity as error:
        raise CurationError(_l("This council's competence map is missing; ask the platform admin."),
                            status=409) from error
    names = {c["id"]: c["name"].get(language) or c["name"]["en"] for c in taxonomy()["categories"]}
    categories = {cid: names.get(cid, cid) for cid in competence.competences}
    authorities = [competence.authority(level) for level in LEVELS]
    authorities += [c.authority for c in competence.competences.values()]
    usual = {cid: {"level": c.level, "authority": c.authority} for cid, c in competence.competences.items()}
    return MandateChoices(LEVELS, categories, list(dict.fromkeys(a for a in authorities if a)), usual)


# Reading, for the curation page ------------------------------------------------------------------

def active_themes(consultation):
    """The consultation's current themes, largest first (a select() for the page to paginate)."""
    size = (select(func.count(ThemeMember.id)).where(ThemeMember.theme_id == Theme.id)
            .correlate(Theme).scalar_subquery())
    return (select(Theme).where(Theme.consultation_id == consultation.id, Theme.retired_at.is_(None))
            .order_by(size.desc(), Theme.id))


def theme_sizes(theme_ids) -> dict[int, int]:
    """Members per theme (one query)."""
    rows = db.session.execute(select(ThemeMember.theme_id, func.count(ThemeMember.id))
                              .where(ThemeMember.theme_id.in_(list(theme_ids))).group_by(ThemeMember.theme_id))
    return dict(rows.all())


def pinned_ids(theme_ids) -> set[int]:
    """Proposals a moderator placed in these themes (one query)."""
    return set(db.session.scalars(select(ThemeMember.proposal_id).where(
        ThemeMember.theme_id.in_(list(theme_ids)), ThemeMember.pinned.is_(True))))


def theme_choices(consultation) -> list[tuple[int, str]]:
    """Every active theme as (id, title), for the merge form's target."""
    rows = db.session.execute(select(Theme.id, Theme.name, Theme.label).where(
        Theme.consultation_id == consultation.id, Theme.retired_at.is_(None)).order_by(Theme.id)).all()
    return [(row.id, row.name or row.label or f"#{row.id}") for row in rows]


def members(theme: Theme):
    """A theme's visible proposals, most supported first (a select() to paginate)."""
    query = (select(Proposal).join(ThemeMember, ThemeMember.proposal_id == Proposal.id)
             .where(ThemeMember.theme_id == theme.id).order_by(Proposal.support_count.desc(), Proposal.id))
    return visible(query, Proposal)


def duplicate_groups(consultation):
    """Groups the last run found, undecided first."""
    undecided = case((DuplicateGroup.status == DuplicateStatus.OPEN, 0), else_=1)
    return (select(DuplicateGroup).where(DuplicateGroup.consultation_id == consultation.id,
                                         DuplicateGroup.retired_at.is_(None))
            .order_by(undecided, DuplicateGroup.similarity.desc(), DuplicateGroup.id))


def mandate_flags(consultation):
    """Every flag with its proposal: those the engine asks a human to review first, then those
    outside the mandate, then the rest."""
    waiting = case((MandateFlag.needs_review & (MandateFlag.status == FlagStatus.AUTOMATIC), 0), else_=1)
    outside = case((MandateFlag.level.in_(("regional", "national")), 0), else_=1)
    query = (select(MandateFlag).join(Proposal, Proposal.id == MandateFlag.proposal_id)
             .where(MandateFlag.consultation_id == consultation.id)
             .order_by(waiting, outside, MandateFlag.confidence, MandateFlag.id))
    return visible(query, Proposal)


def waiting_flags(consultation) -> int:
    return db.session.scalar(select(func.count(MandateFlag.id)).where(
        MandateFlag.consultation_id == consultation.id, MandateFlag.needs_review.is_(True),
        MandateFlag.status == FlagStatus.AUTOMATIC)) or 0


def proposals_by_id(ids) -> dict[int, Proposal]:
    """Visible proposals among these ids (one query), for the duplicate groups' members."""
    ids = list(ids)
    if not ids:
        return {}
    return {p.id: p for p in db.session.scalars(visible(select(Proposal).where(Proposal.id.in_(ids)), Proposal))}


# ---------------------------------------------------------------------------------------------------

def _council_of(flag: MandateFlag):
    return db.session.get(Consultation, flag.consultation_id).council


def _consultation_council_id(obj) -> int:
    return db.session.scalar(select(Consultation.council_id).where(Consultation.id == obj.consultation_id))


def _record(action: str, subject, actor, **details) -> None:
    audit.record(action, subject, actor=actor, council_id=_consultation_council_id(subject), **details)
