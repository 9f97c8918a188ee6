"""The briefing as files: CSV and JSON (open data, no personal data), PDF (WeasyPrint), referral text.

Each export takes the same view-model as the page (briefing.build_briefing), which holds no author and no
e-mail, only visible content and suppressed counts; so the files cannot say more than the page does."""
import csv
import io
import json
from dataclasses import asdict
from pathlib import Path

from flask import current_app, render_template

from .briefing import Briefing

CSV_COLUMNS = ["section", "id", "title", "count", "organisations", "organisation", "supports", "languages", "theme",
               "authority", "level", "category", "url"]
PRESENTATION = ("on_screen_awaiting", "pdf_items_per_authority")  # how pages cut lists, not data
NOT_SHOWN = "not shown"  # a suppressed cell, the same word in every language so that files can be compared


def to_json(briefing: Briefing) -> str:
    """The whole view-model; a suppressed count is null."""
    data = {key: value for key, value in asdict(briefing).items() if key not in PRESENTATION}
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_csv(briefing: Briefing) -> str:
    """One table, one row per figure or item, a `section` column telling which part of the briefing."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="raise")
    writer.writeheader()
    for row in csv_rows(briefing):
        writer.writerow({column: _cell(row.get(column)) for column in CSV_COLUMNS})
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A cell as text. Participants' text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return " ".join(f"{k}:{v}" for k, v in sorted(value.items()))
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


def csv_rows(briefing: Briefing):
    yield from _participation_rows(briefing)
    for theme in briefing.themes:
        yield {"section": "theme", "id": theme.id, "title": theme.title, "count": _count(theme.size),
               "organisations": _count(theme.organisations), "supports": _count(theme.supports),
               "languages": theme.languages}
        for quote in theme.quotes:
            yield {"section": "theme_quote", "id": quote.proposal.id, "title": quote.proposal.title,
                   "organisation": quote.proposal.organisation, "theme": theme.title, "url": quote.proposal.url}
    for group in briefing.duplicates:
        yield {"section": "duplicates", "id": group.id, "title": group.canonical.title, "count": group.size,
               "level": group.status, "url": group.canonical.url}
    yield from _opinion_rows(briefing)
    for referral in briefing.referrals:
        for item in referral.items:
            yield {"section": "outside_mandate", "id": item.proposal.id, "title": item.proposal.title,
                   "organisation": item.proposal.organisation, "authority": referral.authority,
                   "level": item.level, "category": item.category, "url": item.proposal.url}
    for theme in briefing.awaiting.themes:
        yield {"section": "awaiting_theme", "id": theme.id, "title": theme.title, "count": _count(theme.size)}
    for proposal in briefing.awaiting.proposals:
        yield {"section": "awaiting_proposal", "id": proposal.id, "title": proposal.title,
               "organisation": proposal.organisation, "supports": _count(proposal.supports), "url": proposal.url}


def _participation_rows(briefing: Briefing):
    p = briefing.participation
    yield {"section": "participation", "id": "proposals", "count": p.proposals}
    yield {"section": "participation", "id": "organisations", "count": p.organisations}
    yield {"section": "participation", "id": "people", "count": _count(p.people)}
    yield {"section": "participation", "id": "individuals", "count": _count(p.individuals)}
    for channel in p.channels:
        yield {"section": "people_who", "id": channel.key, "title": channel.label, "count": _count(channel.value)}
    for kind in p.organisation_types:
        yield {"section": "organisation_type", "id": kind.key, "title": kind.label, "count": _count(kind.value)}
    for dimension in p.dimensions:
        for row in dimension.rows:
            yield {"section": "representation", "category": dimension.name, "title": row["label"],
                   "count": _count(row["people"])}
    for caveat in p.caveats:
        yield {"section": "caveat", "title": caveat}


def _opinion_rows(briefing: Briefing):
    if briefing.opinion is None:
        return
    for group in briefing.opinion.groups:
        yield {"section": "opinion_group", "id": group.number, "count": group.size}
    for kind, entries in (("consensus", briefing.opinion.consensus), ("divisive", briefing.opinion.divisive)):
        for entry in entries:
            yield {"section": kind, "id": entry.statement_id, "title": entry.text,
                   "count": None if entry.agree_share is None else f"{entry.agree_share:.2f}"}


def _count(value):
    return NOT_SHOWN if value is None else value


# PDF -------------------------------------------------------------------------------------------

PRINT_CSS = Path(__file__).resolve().parents[1] / "static" / "css" / "print.css"


def to_pdf(briefing: Briefing) -> bytes:
    """The printable page made into a PDF by WeasyPrint (Pango shapes Arabic; fonts from fontconfig).
    Nothing is fetched: the stylesheet is read from disk and every other URL is refused."""
    import weasyprint

    html = render_template("insights/briefing_pdf.html", briefing=briefing)
    document = weasyprint.HTML(string=html, base_url=current_app.config["PUBLIC_URL"], url_fetcher=_refuse)
    return document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))])


def _refuse(url, *args, **kwargs):
    """No request leaves the server while a PDF is made (images, fonts or styles named in content)."""
    raise ValueError(f"not fetched: {url}")


def referral_filename(briefing: Briefing, number: int) -> str:
    return f"referral-{briefing.consultation_id}-{number}.txt"


def export_filename(briefing: Briefing, extension: str) -> str:
    return f"briefing-{briefing.consultation_id}.{extension}"

