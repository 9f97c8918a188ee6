"""The representativeness dashboard: who took part and who had a voice, per council or per consultation,
against the council's reference population. Every count of people goes through app/privacy.py: cells
under the council's k are hidden, with secondary suppression, and measures are computed from what is
shown only. Hidden (moderated) content does not count: every query goes through visible()."""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.consultations.deliberation.models import Statement, Vote
from app.consultations.models import Consultation
from app.consultations.proposals.models import Feedback, Proposal, Support
from app.extensions import db
from app.organisations.models import Membership, MembershipStatus, Organisation
from app.privacy import hidden_labels, safe_total, suppress_row

from . import representation as rep
from .models import Declaration, ReferenceDimension
from .services import funding_of
from .visibility import visible

CHANNELS = {
    "participants": _l("took part"),
    "proposals": _l("submitted a proposal"),
    "feedback": _l("gave feedback"),
    "supports": _l("supported a proposal"),
    "votes": _l("voted on statements"),
}


@dataclass
class Activity:
    """Who did what in the scope: channel -> person ids, and contributions per person."""
    people: dict[str, set] = field(default_factory=dict)
    contributions: dict[int, int] = field(default_factory=dict)


def activity(consultation_ids: list[int]) -> Activity:
    """One query per channel, over visible content only."""
    proposals = visible(select(Proposal.id).where(Proposal.consultation_id.in_(consultation_ids)), Proposal)
    queries = {
        "proposals": visible(select(Proposal.author_id).where(Proposal.consultation_id.in_(consultation_ids)),
                             Proposal),
        "feedback": visible(select(Feedback.author_id).where(Feedback.proposal_id.in_(proposals)), Feedback),
        "supports": select(Support.user_id).where(Support.proposal_id.in_(proposals)),
        "votes": select(Vote.user_id).where(Vote.statement_id.in_(visible(
            select(Statement.id).where(Statement.consultation_id.in_(consultation_ids)), Statement))),
    }
    result = Activity()
    for channel, query in queries.items():
        ids = [i for i in db.session.scalars(query) if i is not None]
        result.people[channel] = set(ids)
        for person in ids:
            result.contributions[person] = result.contributions.get(person, 0) + 1
    result.people["participants"] = set().union(*result.people.values())
    return result


def scope_ids(council, consultation=None) -> list[int]:
    if consultation is not None:
        return [consultation.id]
    return list(db.session.scalars(select(Consultation.id).where(Consultation.council_id == council.id)))


def build(council, consultation=None) -> dict:
    """Everything the dashboard shows, already suppressed."""
    k = council.k_anonymity
    acts = activity(scope_ids(council, consultation))
    people = acts.people["participants"]
    return {"k": k, "participants": safe_total(len(people), k),
            "channel_totals": {c: safe_total(len(ids), k) for c, ids in acts.people.items()},
            "dimensions": [_dimension(d, acts, k) for d in dimensions(council)],
            **_organisations(council, acts, k)}


def dimensions(council) -> list[ReferenceDimension]:
    return db.session.scalars(select(ReferenceDimension).where(ReferenceDimension.council_id == council.id)
                              .order_by(ReferenceDimension.id)).all()


def _declared(dimension, people: set) -> dict[int, str]:
    """person -> group label, for those who declared this dimension."""
    labels = {g.id: g.label for g in dimension.groups}
    rows = db.session.execute(select(Declaration.user_id, Declaration.group_id).where(
        Declaration.dimension_id == dimension.id, Declaration.user_id.in_(list(people)))) if people else []
    return {user_id: labels[group_id] for user_id, group_id in rows if group_id in labels}


def _dimension(dimension, acts: Activity, k: int) -> dict:
    """Per channel, people per reference group, and those who did not answer. The channel's total is
    public, and the declared subtotal (the channel total minus those who did not answer) shows through
    any share shown: so the subtotal is a cell like the groups. When it is under k, every group (zeros
    too) and the number who did not answer are hidden, and nothing is said about any group; otherwise
    groups are suppressed with their complement (app/privacy.py) and not answering is shown, since it is
    the shown total minus the shown subtotal. When the participants' subtotal is under k, every channel
    is hidden: a channel showing "0 declared" would tell which few people the declarers are among.
    "No one from X" is said only of a zero the table shows, in a channel whose subtotal is shown."""
    reference = {g.label: g.share for g in dimension.groups}
    declared = _declared(dimension, acts.people["participants"])
    counts = {}
    for channel, ids in acts.people.items():
        counts[channel] = {label: 0 for label in reference}
        for person in ids:
            if person in declared:
                counts[channel][declared[person]] += 1
    few_declared = not suppress_row(counts["participants"], k)[1]
    cells, undeclared, missing, hidden_in = {}, {}, {}, {}
    for channel, ids in acts.people.items():
        subtotal = sum(counts[channel].values())
        hidden, subtotal_shown = (set(reference), False) if few_declared else suppress_row(counts[channel], k)
        hidden_in[channel] = hidden
        total_shown = safe_total(len(ids), k) is not None
        cells[channel] = {g: (None if g in hidden else n) for g, n in counts[channel].items()}
        undeclared[channel] = len(ids) - subtotal if subtotal_shown and total_shown else None
        if total_shown and subtotal_shown and subtotal:
            missing[channel] = [g for g, n in cells[channel].items() if n == 0 and reference[g] > 0]
    rows, distance, under = _compare(counts["participants"], reference, hidden_in["participants"], k)
    return {"dimension": dimension, "rows": rows, "distance": distance, "cells": cells,
            "not_declared": undeclared["participants"], "undeclared": undeclared, "missing": missing,
            "under": under}


def _compare(counts: dict, reference: dict, hidden: set, k: int) -> tuple:
    """Rows, distance and under-represented groups from what is shown. A hidden group is named as
    under-represented only when even the sum of all hidden groups (public: declared minus shown) would
    be too few, so that the sentence says nothing the table does not."""
    total = sum(counts.values())
    if not total or safe_total(total, k) is None:
        return [rep.GroupRow(g, None if total else 0, r) for g, r in reference.items()], None, []
    rows, distance = rep.compare(counts, reference, hidden)
    under = [{"label": r.label, "share": r.share, "reference": r.reference, "bound": False}
             for r in rep.under_represented(rows)]
    hidden_share = sum(counts[g] for g in hidden) / total
    under += [{"label": g, "share": hidden_share, "reference": reference[g], "bound": True} for g in hidden
              if reference[g] > 0 and hidden_share / reference[g] < rep.UNDER_REPRESENTED]
    return rows, distance, under


def _membership(council, people: set) -> dict[int, Organisation]:
    """person -> the (first) organisation of this council they are an active member of."""
    if not people:
        return {}
    rows = db.session.execute(select(Membership.user_id, Organisation).join(Organisation).where(
        Membership.user_id.in_(list(people)), Membership.status == MembershipStatus.ACTIVE,
        Organisation.council_id == council.id).order_by(Organisation.id))
    found: dict[int, Organisation] = {}
    for user_id, organisation in rows:
        found.setdefault(user_id, organisation)
    return found


def _organisations(council, acts: Activity, k: int) -> dict:
    members = _membership(council, acts.people["participants"])
    voice: dict[int, int] = {}
    contributors: dict[int, int] = {}
    for person, organisation in members.items():
        voice[organisation.id] = voice.get(organisation.id, 0) + acts.contributions.get(person, 0)
        contributors[organisation.id] = contributors.get(organisation.id, 0) + 1
    orgs = {o.id: o for o in members.values()}
    funding = funding_of(orgs)
    index = rep.hhi(voice)
    hidden = hidden_labels(contributors, k)
    total = sum(voice.values())
    table = [{"organisation": orgs[i], "people": None if i in hidden else contributors[i],
              "share": None if i in hidden else (voice[i] / total if total else 0.0)}
             for i in sorted(voice, key=lambda i: -voice[i])]
    return {"hhi": index if orgs else None, "effective": rep.effective_number(index), "organisations": table,
            "types": _mix({i: [orgs[i].type.value] for i in orgs}, k),
            "funding": _mix({i: funding.get(i) or ["unclassified"] for i in orgs}, k),
            "individuals": _individuals(len(acts.people["participants"]), len(members), k)}


def _individuals(participants: int, members: int, k: int) -> int | None:
    """People taking part without an organisation, shown only when the rest (participants minus them:
    the members, split by organisation in the moderators' table) is not a small cell either."""
    if safe_total(participants, k) is None or safe_total(members, k) is None:
        return None
    return safe_total(participants - members, k)


def _mix(categories: dict[int, list[str]], k: int) -> list[tuple[str, int | None]]:
    """Participating organisations per category (an organisation may count in several), suppressed."""
    counts: dict[str, int] = {}
    for kinds in categories.values():
        for kind in kinds:
            counts[kind] = counts.get(kind, 0) + 1
    hidden = hidden_labels(counts, k)
    return [(label, None if label in hidden else n) for label, n in sorted(counts.items(), key=lambda x: -x[1])]
