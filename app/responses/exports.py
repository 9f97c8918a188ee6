"""Open data exports of one consultation: a JSON document, and one CSV file per table.

Choice: four separate CSV files (proposals, themes, responses, commitments) rather than a zip, so that
each opens straight in a spreadsheet and can be linked to on its own; the JSON export holds everything
in one document. Both are built from the API's reading (app/responses/api/reading.py), so they carry
the same rules: public consultations only, no hidden proposal, no person, counts below k withheld
(an empty cell in CSV, null in JSON).

CSV: UTF-8 with a byte order mark (spreadsheets then read Arabic and French right), and any cell that
a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an apostrophe."""
import csv
import io
from datetime import date, datetime

from app.extensions import db

from .api import reading

TABLES = {
    "proposals": ["id", "title", "body", "category", "language", "status", "created_at", "organisation", "supports",
                  "theme_id", "theme_title", "triage_level", "triage_category", "triage_authority",
                  "outside_mandate", "response_id", "response_applies_through", "decision", "reason",
                  "referral_authority", "response_version", "response_published_at"],
    "themes": ["id", "title", "terms", "proposal_count", "retired_at", "merged_into_id", "response_id", "decision",
               "reason", "response_version", "response_published_at"],
    "responses": ["id", "target", "theme_id", "proposal_id", "version", "current", "decision", "reason", "language",
                  "referral_authority", "correction_reason", "published_at"],
    "commitments": ["id", "response_id", "what", "department", "due_date", "status", "status_reason", "overdue",
                    "last_update_at", "last_update"],
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_document(consultation, generated_at: datetime) -> dict:
    """Everything about the consultation, as the API shapes it (ExportSchema serialises it)."""
    answers = reading.ConsultationAnswers(consultation)
    responses = reading.response_records(answers)
    return {"generated_at": generated_at, "consultation": reading.consultation_records([consultation])[0],
            "proposals": _proposals(answers), "themes": reading.theme_records(answers), "responses": responses,
            "commitments": [c for r in responses for c in r["commitments"]]}


def csv_table(consultation, table: str) -> str:
    """One table as CSV text (the caller checked that `table` is one of TABLES)."""
    answers = reading.ConsultationAnswers(consultation)
    rows = ROWS[table](answers)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(TABLES[table])
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in TABLES[table]])
    return out.getvalue()


def _proposals(answers) -> list[dict]:
    ids = list(db.session.scalars(reading.proposal_ids(answers.consultation)))
    return [answers.proposal_record(p) for p in reading.proposals(ids)]


def _proposal_rows(answers):
    for record in _proposals(answers):
        theme, triage, response = record["theme"] or {}, record["triage"] or {}, record["response"] or {}
        yield {**record, "theme_id": theme.get("id"), "theme_title": theme.get("title"),
               "triage_level": triage.get("level"), "triage_category": triage.get("category"),
               "triage_authority": triage.get("authority"), "outside_mandate": triage.get("outside_mandate"),
               "response_id": response.get("id"), "response_applies_through": response.get("applies_through"),
               "decision": response.get("decision"), "reason": response.get("reason"),
               "referral_authority": response.get("referral_authority"), "response_version": response.get("version"),
               "response_published_at": response.get("published_at")}


def _theme_rows(answers):
    for record in reading.theme_records(answers):
        response = record["response"] or {}
        yield {**record, "terms": "; ".join(record["terms"]), "response_id": response.get("id"),
               "decision": response.get("decision"), "reason": response.get("reason"),
               "response_version": response.get("version"), "response_published_at": response.get("published_at")}


def _response_rows(answers):
    """One row per published version, the current one marked, so that corrections stay visible."""
    for record in reading.response_records(answers):
        for version in record["history"]:
            yield {**version, "id": record["id"], "target": record["target"], "theme_id": record["theme_id"],
                   "proposal_id": record["proposal_id"], "current": version["version"] == record["version"]}


def _commitment_rows(answers):
    for record in reading.response_records(answers):
        for commitment in record["commitments"]:
            last = commitment["updates"][-1] if commitment["updates"] else {}
            yield {**commitment, "last_update_at": last.get("created_at"), "last_update": last.get("body")}


ROWS = {"proposals": _proposal_rows, "themes": _theme_rows, "responses": _response_rows,
        "commitments": _commitment_rows}


def _cell(value) -> str:
    """Text for a cell: empty for None (a withheld count too), ISO dates, true/false, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
