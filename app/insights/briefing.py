"""The briefing of a consultation for the city's decision-makers, as ONE plain view-model built from the
database, which the page, the print view, the PDF, the CSV and the JSON all render.

Why plain data: no ORM object leaves this module (only str, int, float, None and lists of dataclasses),
so an author's name or e-mail cannot reach an export by accident. Only visible, published proposals and
visible statements are counted, quoted or listed (app.moderation.visibility); every count of people goes
through app.privacy, as the moderation dashboard (reused here, not recomputed) already does."""
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.analysis import competences
from app.clock import utcnow
from app.consultations.models import Consultation
from app.consultations.deliberation.models import Statement, StatementStatus
from app.consultations.proposals.models import Proposal, ProposalStatus
from app.consultations.sanitise import excerpt
from app.extensions import db
from app.moderation import dashboard
from app.moderation.labels import dimension_name
from app.moderation.visibility import visible, visible_ids
from app.organisations.labels import TYPE_LABELS
from app.organisations.models import Organisation
from app.privacy import safe_total
from app.responses.queries import answered
from app.urls import absolute, site_path

from .models import DuplicateGroup, DuplicateStatus, MandateFlag, OpinionSnapshot, Theme, ThemeMember

LEVEL_LABELS = {
    "municipal": _l("municipal"), "shared": _l("shared"), "regional": _l("regional"),
    "national": _l("national"), "undetermined": _l("undetermined"),
}
QUOTES_PER_THEME = 3
ON_SCREEN_AWAITING = 200  # longer lists are in the CSV and the JSON
# The PDF lists this many items per authority (a WeasyPrint page takes a fraction of a second to lay
# out; 10,000 proposals would make hundreds of pages); the rest are in the referral text, CSV and JSON.
PDF_ITEMS_PER_AUTHORITY = 150


# The view-model ----------------------------------------------------------------------------------

@dataclass
class Count:
    """A labelled count; value None = suppressed (fewer than k people, or would reveal such a cell)."""
    key: str
    label: str
    value: int | None


@dataclass
class ProposalRef:
    """What the briefing says about one proposal: never its author, only its organisation (public)."""
    id: int
    title: str
    path: str
    url: str
    language: str
    organisation_id: int | None = None
    organisation: str = ""
    supports: int | None = 0  # None: fewer than k (app.privacy), as in the open-data API


@dataclass
class Quote:
    proposal: ProposalRef
    text: str


@dataclass
class DimensionSummary:
    name: str
    rows: list[dict]  # {label, people (None: not shown), share, reference}
    distance: float | None


@dataclass
class Participation:
    k: int
    proposals: int
    organisations: int
    people: int | None
    channels: list[Count]
    organisation_types: list[Count]
    individuals: int | None
    effective_voices: float | None
    dimensions: list[DimensionSummary]
    caveats: list[str]


@dataclass
class ThemeView:
    """Counts of proposals, organisations and supports None below k, as the API's proposal_count."""
    id: int
    title: str
    size: int | None
    organisations: int | None
    organisation_names: list[str]
    supports: int | None
    languages: dict[str, int]
    quotes: list[Quote]


@dataclass
class DuplicateView:
    id: int
    status: str
    size: int
    canonical: ProposalRef
    text: str
    proposal_ids: list[int]


@dataclass
class StatementShare:
    statement_id: int
    text: str
    agree_share: float | None


@dataclass
class OpinionGroup:
    number: int
    size: int
    representative: list[StatementShare]


@dataclass
class Opinion:
    participants: int | None
    groups: list[OpinionGroup]
    groups_not_shown: int
    consensus: list[StatementShare]
    divisive: list[StatementShare]
    taken_at: str


@dataclass
class ReferralItem:
    proposal: ProposalRef
    category: str
    level: str


@dataclass
class Referral:
    number: int
    authority: str
    levels: list[str]
    proposals: int
    organisations: int
    categories: list[Count]
    items: list[ReferralItem]
    text: str = ""


@dataclass
class ThemeRef:
    id: int
    title: str
    size: int | None  # None: fewer than k proposals


@dataclass
class Awaiting:
    proposals: list[ProposalRef]
    themes: list[ThemeRef]


@dataclass
class Briefing:
    consultation_id: int
    title: str
    council: str
    language: str
    phase: str
    generated_at: str
    path: str
    url: str
    k: int
    participation: Participation
    themes: list[ThemeView]
    duplicates: list[DuplicateView]
    opinion: Opinion | None
    referrals: list[Referral]
    awaiting: Awaiting
    on_screen_awaiting: int = field(default=ON_SCREEN_AWAITING)
    pdf_items_per_authority: int = field(default=PDF_ITEMS_PER_AUTHORITY)


# Building it -------------------------------------------------------------------------------------

def build_briefing(consultation, language: str) -> Briefing:
    """Everything the briefing shows, for a reader of `language`, already suppressed and filtered."""
    supports: dict[int, int] = {}
    refs = visible_proposals(consultation, supports)
    by_id = {r.id: r for r in refs}
    themes = active_themes(consultation)
    title, _lang = consultation.localized("title", language)
    return Briefing(
        consultation_id=consultation.id, title=title, council=consultation.council.name, language=language,
        phase=consultation.current_phase.value, generated_at=utcnow().isoformat(timespec="minutes"),
        path=site_path("insights.briefing", consultation_id=consultation.id),
        url=absolute(site_path("insights.briefing", consultation_id=consultation.id)),
        k=consultation.council.k_anonymity,
        participation=participation(consultation, refs),
        themes=theme_views(themes, by_id, language, supports, consultation.council.k_anonymity),
        duplicates=duplicate_views(consultation, by_id),
        opinion=opinion(consultation),
        referrals=referrals(consultation, by_id, language),
        awaiting=awaiting_response(consultation, language, proposals=refs, themes=themes))


def visible_proposals(consultation, support_totals: dict[int, int] | None = None) -> list[ProposalRef]:
    """The consultation's visible, published proposals (a withdrawn one asks nothing any more), as
    references: only the columns the briefing shows, which keeps 10,000 of them quick to load. Their
    supports are None below the council's k (app.privacy); `support_totals`, when given, receives the
    exact numbers (proposal id -> supports) for sums that are suppressed in their turn."""
    k = consultation.council.k_anonymity
    support_totals = {} if support_totals is None else support_totals
    query = select(Proposal.id, Proposal.title, Proposal.language, Proposal.support_count, Proposal.organisation_id,
                   Organisation.name).outerjoin(Organisation, Organisation.id == Proposal.organisation_id).where(
        Proposal.consultation_id == consultation.id, Proposal.status == ProposalStatus.PUBLISHED)
    link = proposal_link()
    refs = []
    for pid, title, lang, supports, org_id, org_name in db.session.execute(visible(query, Proposal).order_by(Proposal.id)):
        support_totals[pid] = supports
        refs.append(ProposalRef(id=pid, title=title, path=link(pid), url=absolute(link(pid)), language=lang,
                                supports=safe_total(supports, k), organisation_id=org_id, organisation=org_name or ""))
    return refs


def proposal_link():
    """id -> the proposal page's path. The route is built once, then filled in per proposal: building
    it through the URL map for each of 10,000 proposals took a second."""
    marker = 987654321
    pattern = site_path("proposals.proposal", proposal_id=marker)
    return lambda proposal_id: pattern.replace(str(marker), str(proposal_id))


def active_themes(consultation) -> list[Theme]:
    """Themes neither retired nor merged into another."""
    return list(db.session.scalars(select(Theme).where(
        Theme.consultation_id == consultation.id, Theme.retired_at.is_(None)).order_by(Theme.id)))


def theme_title(theme: Theme, language: str) -> str:
    """A moderator's name wins; else the computed label in the reader's language, else the main label."""
    return theme.name or (theme.labels or {}).get(language) or theme.label or _("Theme %(number)d", number=theme.id)



# Participation and representativeness --------------------------------------------------------------

def participation(consultation, proposals: list[ProposalRef]) -> Participation:
    """The moderation dashboard's suppressed figures for this consultation, with the caveats in words."""
    council = consultation.council
    data = dashboard.build(council, consultation)
    channels = [Count(c, str(label), data["channel_totals"].get(c))
                for c, label in dashboard.CHANNELS.items() if c != "participants"]
    types = [Count(t, str(TYPE_LABELS.get(t, t)), n) for t, n in data["types"]]
    return Participation(
        k=data["k"], proposals=len(proposals), organisations=len({p.organisation_id for p in proposals} - {None}),
        people=data["participants"], channels=channels, organisation_types=types,
        individuals=data["individuals"], effective_voices=data["effective"],
        dimensions=[_dimension(d) for d in data["dimensions"]], caveats=caveats(data))


def _dimension(found: dict) -> DimensionSummary:
    rows = [{"label": r.label, "people": r.count, "share": r.share, "reference": r.reference}
            for r in found["rows"]]
    return DimensionSummary(dimension_name(found["dimension"]), rows, found["distance"])


def caveats(data: dict) -> list[str]:
    """What a reader must keep in mind, said plainly, from the suppressed figures only."""
    k = data["k"]
    said = [_("People chose to take part: they are not a random sample of the city's migrant population."),
            _("Counts of fewer than %(k)d people are not shown, nor any count from which one could be worked out.",
              k=k),
            _("Hidden and withdrawn proposals are not counted.")]
    if data["participants"] is None:
        said.append(_("Fewer than %(k)d people took part: figures about people are not shown.", k=k))
    if not data["dimensions"]:
        said.append(_("No reference population has been entered: who is missing cannot be said."))
    for found in data["dimensions"]:
        said += _dimension_caveats(found, k)
    return said


def _dimension_caveats(found: dict, k: int) -> list[str]:
    name = dimension_name(found["dimension"])
    said = []
    silent = found["not_declared"] and safe_total(found["not_declared"], k)  # None: not shown
    if silent:
        said.append(_("%(dimension)s: %(n)d participants did not say (answers are optional and self-declared).",
                      dimension=name, n=silent))
    for group in found["missing"].get("participants", []):
        said.append(_("%(dimension)s: no one from the “%(group)s” group took part.", dimension=name, group=group))
    for row in found["under"]:
        said.append(_("%(dimension)s: the “%(group)s” group is under-represented (%(share)s %% of participants "
                      "against %(ref)s %% in the reference population).", dimension=name, group=row["label"],
                      share="%.0f" % (row["share"] * 100), ref="%.0f" % (row["reference"] * 100)))
    return said


# Themes and duplicates ---------------------------------------------------------------------------

def theme_members(themes: list[Theme]) -> dict[int, list[int]]:
    """theme id -> proposal ids (one query)."""
    members = defaultdict(list)
    if themes:
        rows = db.session.execute(select(ThemeMember.theme_id, ThemeMember.proposal_id).where(
            ThemeMember.theme_id.in_([t.id for t in themes])).order_by(ThemeMember.proposal_id))
        for theme_id, proposal_id in rows:
            members[theme_id].append(proposal_id)
    return members


def theme_views(themes: list[Theme], by_id: dict[int, ProposalRef], language: str,
                supports: dict[int, int], k: int) -> list[ThemeView]:
    """Each theme with its visible members only, largest first; a theme left empty is not shown. Its
    counts (proposals, organisations, supports: `supports` has each proposal's exact number) are then
    suppressed below k, as the API's; the order still comes from the exact sizes."""
    members = theme_members(themes)
    bodies = _bodies([pid for t in themes for pid in (t.quotes or [])[:QUOTES_PER_THEME * 2]])
    views = [_theme_view(t, [by_id[i] for i in members[t.id] if i in by_id], by_id, bodies, language, supports)
             for t in themes]
    views = sorted([v for v in views if v.size], key=lambda v: (-v.size, v.id))
    for view in views:
        view.size, view.organisations, view.supports = (safe_total(view.size, k), safe_total(view.organisations, k),
                                                        safe_total(view.supports, k))
    return views


def _theme_view(theme, refs: list[ProposalRef], by_id, bodies: dict[int, str], language: str,
                supports: dict[int, int]) -> ThemeView:
    organisations = sorted({r.organisation for r in refs if r.organisation})  # names, for the reader
    quote_ids = [i for i in (theme.quotes or []) if i in by_id][:QUOTES_PER_THEME]
    quote_ids = quote_ids or [r.id for r in refs[:2]]
    return ThemeView(id=theme.id, title=theme_title(theme, language), size=len(refs),
                     organisations=len({r.organisation_id for r in refs} - {None}), organisation_names=organisations,
                     supports=sum(supports.get(r.id, 0) for r in refs), languages=dict(Counter(r.language for r in refs)),
                     quotes=[Quote(by_id[i], excerpt(bodies.get(i, ""), 240)) for i in quote_ids])


def _bodies(ids: list[int]) -> dict[int, str]:
    """Proposal bodies for quotes, loaded only for the few proposals quoted."""
    if not ids:
        return {}
    return dict(db.session.execute(select(Proposal.id, Proposal.body).where(Proposal.id.in_(set(ids)))).all())


def duplicate_views(consultation, by_id: dict[int, ProposalRef]) -> list[DuplicateView]:
    """Confirmed and still open near-duplicate groups with at least two visible members, largest first."""
    groups = db.session.scalars(select(DuplicateGroup).where(
        DuplicateGroup.consultation_id == consultation.id, DuplicateGroup.retired_at.is_(None),
        DuplicateGroup.status != DuplicateStatus.DISMISSED).order_by(DuplicateGroup.id)).all()
    members = {g.id: [i for i in g.proposal_ids or [] if i in by_id] for g in groups}
    canonical = {g.id: g.canonical_id if g.canonical_id in members[g.id] else (members[g.id] or [None])[0]
                 for g in groups}
    bodies = _bodies([i for i in canonical.values() if i])
    views = [DuplicateView(g.id, g.status.value, len(members[g.id]), by_id[canonical[g.id]],
                           excerpt(bodies.get(canonical[g.id], ""), 400), members[g.id])
             for g in groups if len(members[g.id]) >= 2]
    return sorted(views, key=lambda v: (v.status != "confirmed", -v.size, v.id))


# Opinion groups ----------------------------------------------------------------------------------

def latest_snapshot(consultation) -> OpinionSnapshot | None:
    return db.session.scalar(select(OpinionSnapshot).where(OpinionSnapshot.consultation_id == consultation.id)
                             .order_by(OpinionSnapshot.id.desc()).limit(1))


def opinion(consultation) -> Opinion | None:
    """The latest opinion groups; a group of fewer than k voters is never shown as a group."""
    snapshot = latest_snapshot(consultation)
    if snapshot is None:
        return None
    k = consultation.council.k_anonymity
    texts = _statement_texts(consultation, snapshot)
    shown = [g for g in snapshot.groups or [] if (g.get("size") or 0) >= k]
    groups = [OpinionGroup(n, g["size"], _shares(g.get("representative"), texts))
              for n, g in enumerate(shown, start=1)]
    return Opinion(participants=safe_total(snapshot.participants, k), groups=groups,
                   groups_not_shown=len(snapshot.groups or []) - len(shown),
                   consensus=_shares(snapshot.consensus, texts), divisive=_shares(snapshot.divisive, texts),
                   taken_at=snapshot.created_at.isoformat(timespec="minutes") if snapshot.created_at else "")


def _statement_texts(consultation, snapshot) -> dict[int, str]:
    """Texts of the visible, approved statements the snapshot mentions."""
    entries = list(snapshot.consensus or []) + list(snapshot.divisive or [])
    entries += [e for g in snapshot.groups or [] for e in g.get("representative") or []]
    ids = {e.get("statement_id") for e in entries if isinstance(e, dict)} - {None}
    shown = visible_ids(Statement, ids)
    rows = db.session.execute(select(Statement.id, Statement.text).where(
        Statement.id.in_(shown), Statement.consultation_id == consultation.id,
        Statement.status == StatementStatus.APPROVED)).all() if shown else []
    return dict(rows)


def _shares(entries, texts: dict[int, str]) -> list[StatementShare]:
    return [StatementShare(e["statement_id"], texts[e["statement_id"]], e.get("agree_share"))
            for e in entries or [] if isinstance(e, dict) and e.get("statement_id") in texts]


def opinion_map_markup(consultation_id: int, rtl: bool = False):
    """The opinion map as a plain picture (no reader, so no "you are here"), above the table of groups that
    stays its accessible alternative; None when no run has grouped the votes yet."""
    from .opinion import latest_snapshot, view_of
    from .opinion_map import render_svg

    consultation = db.session.get(Consultation, consultation_id)
    snapshot = latest_snapshot(consultation) if consultation is not None else None
    if snapshot is None:
        return None
    view = view_of(snapshot, consultation.council.k_anonymity)
    return render_svg(view, interactive=False, rtl=rtl) if view.groups else None


# Outside the mandate -----------------------------------------------------------------------------

FLAG_FIELDS = ("proposal_id", "level", "category", "authority", "override_level", "override_category",
               "override_authority")


class FlagRow:
    """A mandate flag's columns, read with the model's own effective_* and outside_mandate rules, without
    building an ORM object per row (10,000 of them took a second)."""
    __slots__ = FLAG_FIELDS

    def __init__(self, row):
        for name, value in zip(FLAG_FIELDS, row):
            setattr(self, name, value)

    effective_level = MandateFlag.effective_level
    effective_category = MandateFlag.effective_category
    effective_authority = MandateFlag.effective_authority
    outside_mandate = MandateFlag.outside_mandate


def referrals(consultation, by_id: dict[int, ProposalRef], language: str) -> list[Referral]:
    """Every visible proposal whose effective level is outside the municipal mandate, grouped by the
    authority it should be referred to, each group with a summary ready to send."""
    flags = [FlagRow(row) for row in db.session.execute(
        select(*(getattr(MandateFlag, name) for name in FLAG_FIELDS))
        .where(MandateFlag.consultation_id == consultation.id).order_by(MandateFlag.proposal_id))]
    cmap = _competence_map(consultation.council)
    levels = {level: str(label) for level, label in LEVEL_LABELS.items()}  # translated once, not per item
    categories = _category_names(language)
    grouped: dict[str, list[ReferralItem]] = defaultdict(list)
    for flag in flags:
        if flag.outside_mandate and flag.proposal_id in by_id:
            category = flag.effective_category
            grouped[authority_of(flag, cmap)].append(ReferralItem(
                by_id[flag.proposal_id], categories.get(category) or category or _("not classified"),
                levels.get(flag.effective_level, flag.effective_level)))
    ordered = sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    found = [_referral(n, authority, items) for n, (authority, items) in enumerate(ordered, start=1)]
    for referral in found:
        referral.text = referral_text(consultation, referral, language)
    return found


def _referral(number: int, authority: str, items: list[ReferralItem]) -> Referral:
    categories = Counter(i.category for i in items)
    return Referral(number=number, authority=authority, levels=sorted({i.level for i in items}),
                    proposals=len(items), organisations=len({i.proposal.organisation_id for i in items} - {None}),
                    categories=[Count(c, c, n) for c, n in categories.most_common()], items=items)


def _competence_map(council):
    try:
        return competences.CompetenceMap.load(council.competence_map)
    except (competences.UnknownCity, KeyError, OSError):
        return None


def authority_of(flag, cmap) -> str:
    """The effective authority; when a moderator changed only the level, the authority the council's
    competence map names for that category at that level (the engine's one was for the old level)."""
    level_only = flag.override_level and not flag.override_authority and flag.override_level != flag.level
    if level_only and cmap is not None:
        usual = cmap.competences.get(flag.effective_category)
        if usual and usual.level == flag.effective_level:
            return usual.authority
        return cmap.authority(flag.effective_level)
    if flag.effective_authority:
        return flag.effective_authority
    if cmap is not None and flag.effective_level in competences.LEVELS:
        return cmap.authority(flag.effective_level)
    return _("Authority not determined")


def _category_names(language: str) -> dict[str, str]:
    """Competence category -> its name in the reader's language (the taxonomy has en, fr, ar)."""
    names = {}
    for entry in competences.taxonomy()["categories"]:
        name = entry.get("name") or {}
        names[entry["id"]] = name.get(language) or name.get("en") or entry["id"]
    return names


def referral_text(consultation, referral: Referral, language: str) -> str:
    """Plain text a commissioner can copy or download and send to the authority as it is."""
    title, _lang = consultation.localized("title", language)
    lines = [_("To: %(authority)s", authority=referral.authority),
             _("From: %(council)s", council=consultation.council.name),
             _("Subject: requests outside the municipal mandate raised in the consultation “%(title)s”", title=title),
             "",
             _("During the consultation “%(title)s” (%(url)s), participants made requests that fall within your "
               "competence rather than the municipality's. We refer them to you for consideration and an answer.",
               title=title, url=absolute(site_path("consultations.detail", consultation_id=consultation.id))),
             "",
             _("%(proposals)d proposals from %(organisations)d organisations.",
               proposals=referral.proposals, organisations=referral.organisations),
             _("Subjects: %(subjects)s.", subjects=", ".join(f"{c.label} ({c.value})" for c in referral.categories)),
             ""]
    for n, item in enumerate(referral.items, start=1):
        by = f" — {item.proposal.organisation}" if item.proposal.organisation else ""
        lines.append(f"{n}. {item.proposal.title}{by}")
        lines.append(f"   {item.category} · {item.proposal.url}")
    return "\n".join(lines) + "\n"


# Awaiting a response -----------------------------------------------------------------------------

def awaiting_response(consultation, language: str | None = None, *, proposals: list[ProposalRef] | None = None,
                      themes: list[Theme] | None = None) -> Awaiting:
    """The proposals and themes that still await the city's response: those without a published
    response of their own, nor (for a proposal) through its theme. `proposals` and `themes`, when the
    caller has them loaded, save the queries."""
    proposals = visible_proposals(consultation) if proposals is None else proposals
    themes = active_themes(consultation) if themes is None else themes
    answered_proposals, answered_themes = answered(consultation.id)
    shown = {p.id for p in proposals}
    members = theme_members(themes)
    language = language or consultation.language
    refs = [ThemeRef(t.id, theme_title(t, language), len([i for i in members[t.id] if i in shown])) for t in themes
            if t.id not in answered_themes]
    k = consultation.council.k_anonymity
    proposals = [p for p in proposals if p.id not in answered_proposals]
    return Awaiting(proposals=list(proposals),
                    themes=[ThemeRef(r.id, r.title, safe_total(r.size, k)) for r in refs if r.size])
