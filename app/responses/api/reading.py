"""What open data says: the one reading of councils, consultations, proposals, themes, responses and
commitments shared by the JSON API, the CSV/JSON exports and the Atom feed, so that they never disagree.

Rules applied here and nowhere else:
- only consultations an anonymous visitor may see (permissions.can_read_open_data);
- hidden proposals never appear, nor do responses to them (moderation's `visible()`);
- only published response versions, and commitments of responses that have one;
- no person: no e-mail, no author name; an organisation's name only when the proposal is shown under it;
- counts of people (supports, participants, proposals in a theme) below the council's k are None.

Records are plain dicts shaped like app/responses/api/schemas.py, which serialises them."""
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.clock import aware
from app.consultations import stats
from app.consultations.models import Consultation
from app.consultations.proposals.models import Proposal
from app.consultations.queries import consultation_page, visible_to
from app.councils.models import Council
from app.extensions import db
from app.insights.models import MandateFlag, Theme, ThemeMember
from app.moderation.visibility import visible, visible_ids
from app.privacy import safe_total

from ..models import Commitment, Response, VersionStatus
from ..queries import council_today, is_overdue, prevailing, published
from .permissions import PUBLIC, can_read_open_data


# Councils and consultations ------------------------------------------------------------------------

def councils() -> list[Council]:
    return list(db.session.scalars(select(Council).order_by(Council.id)))


def council(council_id: int) -> Council | None:
    return db.session.get(Council, council_id)


def council_record(item: Council) -> dict:
    """A council's public identity; its contact e-mail and phone stay on its page, not in open data."""
    return {"id": item.id, "slug": item.slug, "name": item.name, "city": item.city, "country": item.country,
            "languages": list(item.languages or []), "time_zone": item.time_zone or "UTC",
            "k_anonymity": item.k_anonymity, "website": item.website or ""}


def consultations(council_id: int | None = None) -> list[Consultation]:
    """Open consultations, oldest first (a stable order for paging)."""
    return sorted(visible_to(PUBLIC, council_id), key=lambda c: c.id)


def consultation(consultation_id: int) -> Consultation | None:
    """The consultation if it is open data, else None (the caller answers 404, as for no consultation)."""
    found = consultation_page(consultation_id)
    return found if found is not None and can_read_open_data(PUBLIC, found) else None


def consultation_records(items: list[Consultation]) -> list[dict]:
    """With the number of shown proposals and of participants (None below the council's k)."""
    counts = stats.participation(items)
    shown = _shown_proposal_counts([c.id for c in items])
    return [{"id": c.id, "council_id": c.council_id, "title": c.title, "description": c.description,
             "language": c.language, "translations": _title_translations(c), "categories": list(c.categories or []),
             "phase": str(c.current_phase), "created_at": aware(c.created_at), "proposal_count": shown.get(c.id, 0),
             "participants": counts[c.id].people if c.id in counts else None} for c in items]


def _title_translations(item: Consultation) -> dict:
    """{language: {"title", "description"}}: only those two texts, whatever else translations hold."""
    return {language: {key: str(texts[key]) for key in ("title", "description") if texts.get(key)}
            for language, texts in (item.translations or {}).items() if isinstance(texts, dict)}


def _shown_proposal_counts(consultation_ids: list[int]) -> dict[int, int]:
    if not consultation_ids:
        return {}
    query = visible(select(Proposal.consultation_id, func.count(Proposal.id)), Proposal) \
        .where(Proposal.consultation_id.in_(consultation_ids)).group_by(Proposal.consultation_id)
    return dict(db.session.execute(query).all())


# Proposals -----------------------------------------------------------------------------------------

def proposal_ids(item: Consultation):
    """The shown proposals of a consultation, oldest first (ids: the caller pages them)."""
    return visible(select(Proposal.id).where(Proposal.consultation_id == item.id)).order_by(Proposal.id)


def proposal_page(item: Consultation, page: int, per_page: int) -> tuple[list[dict], bool]:
    """One page of proposal records, and whether another page follows (one more id is read to know)."""
    ids = list(db.session.scalars(proposal_ids(item).offset((page - 1) * per_page).limit(per_page + 1)))
    answers = ConsultationAnswers(item, ids[:per_page])
    return [answers.proposal_record(p) for p in proposals(ids[:per_page])], len(ids) > per_page


def proposals(ids: list[int]) -> list[Proposal]:
    rows = {p.id: p for p in db.session.scalars(
        select(Proposal).where(Proposal.id.in_(ids)).options(joinedload(Proposal.organisation)))} if ids else {}
    return [rows[i] for i in ids if i in rows]


class ConsultationAnswers:
    """A consultation's responses, themes and triage, loaded once, to answer for any of its proposals.

    `applicable(proposal_id)` applies app.responses.queries.prevailing (the proposal's own published
    response first, else its theme's) to preloaded rows, so that a list or
    an export costs a few queries whatever its length; tests check that both agree."""

    def __init__(self, item: Consultation, proposal_ids: list[int] | None = None):
        """`proposal_ids`: only these proposals will be asked about (a page), so only their theme
        memberships and triage are loaded; None: the whole consultation (exports, themes, responses)."""
        self.consultation = item
        responses = db.session.scalars(select(Response).where(Response.consultation_id == item.id)
                                       .options(selectinload(Response.versions),
                                                selectinload(Response.commitments).selectinload(Commitment.updates)))
        self.by_theme, self.by_proposal = {}, {}
        for response in responses:
            if response.theme_id is not None:
                self.by_theme[response.theme_id] = response
            else:
                self.by_proposal[response.proposal_id] = response
        self.themes = {t.id: t for t in db.session.scalars(select(Theme).where(Theme.consultation_id == item.id))}
        members = select(ThemeMember.proposal_id, ThemeMember.theme_id).join(Theme, Theme.id == ThemeMember.theme_id) \
            .where(Theme.consultation_id == item.id)
        flags = select(MandateFlag).where(MandateFlag.consultation_id == item.id)
        if proposal_ids is not None:
            members = members.where(ThemeMember.proposal_id.in_(proposal_ids))
            flags = flags.where(MandateFlag.proposal_id.in_(proposal_ids))
        self.theme_of = dict(db.session.execute(members).all())
        self.flags = {f.proposal_id: f for f in db.session.scalars(flags)}

    def applicable(self, proposal_id: int):
        """(response, published version) that applies to the proposal, or None."""
        return prevailing(self.by_proposal.get(proposal_id), self.by_theme.get(self.theme_of.get(proposal_id)))

    def proposal_record(self, proposal: Proposal) -> dict:
        k = self.consultation.council.k_anonymity
        theme = self.themes.get(self.theme_of.get(proposal.id))
        flag = self.flags.get(proposal.id)
        applied = self.applicable(proposal.id)
        organisation = proposal.organisation if proposal.show_as_organisation else None
        return {"id": proposal.id, "consultation_id": proposal.consultation_id, "title": proposal.title,
                "body": proposal.body, "category": proposal.category, "language": proposal.language,
                "status": str(proposal.status), "created_at": aware(proposal.created_at),
                "updated_at": aware(proposal.updated_at),
                "organisation": organisation.name if organisation is not None else None,
                "supports": safe_total(proposal.support_count, k),
                "theme": {"id": theme.id, "title": theme.title} if theme is not None else None,
                "triage": _triage(flag), "response": applied_record(*applied) if applied else None}


def _triage(flag: MandateFlag | None) -> dict | None:
    if flag is None:
        return None
    return {"level": flag.effective_level, "category": flag.effective_category,
            "authority": flag.effective_authority, "outside_mandate": flag.outside_mandate}


def applied_record(response: Response, version) -> dict:
    """The response as it applies to a proposal: its current published wording and where it comes from."""
    return {"id": response.id, "applies_through": "proposal" if response.proposal_id is not None else "theme",
            "theme_id": response.theme_id, "decision": str(version.decision), "reason": version.reason,
            "language": version.language, "translations": _translations(version),
            "referral_authority": version.referral_authority or "", "version": version.number,
            "published_at": aware(version.published_at)}


def _translations(version) -> dict:
    return {str(language): str(text) for language, text in (version.translations or {}).items() if text}


# Themes --------------------------------------------------------------------------------------------

def theme_records(answers: ConsultationAnswers) -> list[dict]:
    """Themes oldest first, with the number of shown proposals in each (None below k) and shown quotes."""
    themes = sorted(answers.themes.values(), key=lambda t: t.id)
    k = answers.consultation.council.k_anonymity
    counts = dict(db.session.execute(visible(
        select(ThemeMember.theme_id, func.count(ThemeMember.id)).join(Proposal, Proposal.id == ThemeMember.proposal_id)
        .where(ThemeMember.theme_id.in_(answers.themes)), Proposal).group_by(ThemeMember.theme_id)).all()) \
        if themes else {}
    quotes = visible_ids(Proposal, [q for t in themes for q in (t.quotes or []) if isinstance(q, int)])
    records = []
    for theme in themes:
        version = published(answers.by_theme.get(theme.id))
        records.append({
            "id": theme.id, "consultation_id": theme.consultation_id, "title": theme.title,
            "terms": [str(term) for term in (theme.terms or [])],
            "proposal_count": safe_total(counts.get(theme.id, 0), k),
            "quotes": [q for q in (theme.quotes or []) if q in quotes],
            "retired_at": aware(theme.retired_at), "merged_into_id": theme.merged_into_id,
            "response": applied_record(answers.by_theme[theme.id], version) if version else None})
    return records


# Responses and commitments -------------------------------------------------------------------------

def response_records(answers: ConsultationAnswers) -> list[dict]:
    """Responses with a published version, oldest first, with their history and commitments; those to a
    hidden proposal are left out with it."""
    candidates = list(answers.by_theme.values()) + list(answers.by_proposal.values())
    shown = visible_ids(Proposal, answers.by_proposal)
    today = council_today(answers.consultation.council.time_zone)
    records = []
    for response in sorted(candidates, key=lambda r: r.id):
        current = published(response)
        if current is None or (response.proposal_id is not None and response.proposal_id not in shown):
            continue
        records.append({
            **applied_record(response, current),
            "target": "proposal" if response.proposal_id is not None else "theme",
            "consultation_id": response.consultation_id, "proposal_id": response.proposal_id,
            "correction_reason": current.correction_reason or "",
            "history": [_version_record(v) for v in response.versions if v.status == VersionStatus.PUBLISHED],
            "commitments": [commitment_record(c, today, response.consultation_id) for c in response.commitments]})
    return records


def _version_record(version) -> dict:
    return {"version": version.number, "decision": str(version.decision), "reason": version.reason,
            "language": version.language, "translations": _translations(version),
            "referral_authority": version.referral_authority or "",
            "correction_reason": version.correction_reason or "", "published_at": aware(version.published_at)}


def commitment_record(commitment: Commitment, today: date, consultation_id: int) -> dict:
    """With `overdue` computed against the council's today; updates without their author."""
    return {"id": commitment.id, "response_id": commitment.response_id, "consultation_id": consultation_id,
            "council_id": commitment.council_id, "what": commitment.what, "department": commitment.department,
            "due_date": commitment.due_date, "status": str(commitment.status),
            "status_reason": commitment.status_reason or "", "overdue": is_overdue(commitment, today),
            "updates": [{"id": u.id, "status": str(u.status), "body": u.body or "", "created_at": aware(u.created_at)}
                        for u in commitment.updates]}


def council_commitments(item: Council, status: str | None = None, overdue: bool | None = None) -> list[dict]:
    """Public commitments of a council's open consultations (of published responses not about a hidden
    proposal), oldest first, optionally filtered by status or by being overdue."""
    records = []
    for open_consultation in consultations(item.id):
        for response in response_records(ConsultationAnswers(open_consultation)):
            records.extend(c for c in response["commitments"] if c["council_id"] == item.id)
    records.sort(key=lambda c: c["id"])
    if status is not None:
        records = [c for c in records if c["status"] == status]
    if overdue is not None:
        records = [c for c in records if c["overdue"] == overdue]
    return records


def response_events(item: Council) -> list[dict]:
    """What the council's feed announces, newest first: every published response version and every
    commitment update of its open consultations, with what they are about."""
    events = []
    for open_consultation in consultations(item.id):
        answers = ConsultationAnswers(open_consultation)
        proposals_by_id = {p.id: p for p in proposals(list(visible_ids(Proposal, answers.by_proposal)))}
        for response in response_records(answers):
            subject = (proposals_by_id[response["proposal_id"]].title if response["target"] == "proposal"
                       else answers.themes[response["theme_id"]].title)
            for version in response["history"]:
                events.append({"kind": "response", "at": version["published_at"], "consultation": open_consultation,
                               "response": response, "version": version, "subject": subject})
            for commitment in response["commitments"]:
                for update in commitment["updates"]:
                    events.append({"kind": "update", "at": update["created_at"], "consultation": open_consultation,
                                   "response": response, "commitment": commitment, "update": update,
                                   "subject": subject})
    events.sort(key=lambda e: (e["at"], e["kind"]), reverse=True)
    return events
