"""Proposals imported from a CSV file: typed up from paper forms and meetings, or exported from
another platform (Decidim, CONSUL).

Three steps, so that the command line and the moderator's page share every rule:
1. `parse(data, columns)` reads the file without touching the database: rows, and errors that name
   the file's line (the line where the record starts, the header being line 1).
2. `plan(consultation, parsed)` sets the rows against the database: which external ids are already
   imported (skipped: importing twice adds nothing) and which organisation each row names.
3. `import_proposals(plan, actor=…)` adds the new proposals, built and cleaned as a proposal typed
   on the site is, and records the import in the audit log. It refuses a plan with
   any error, so nothing of a bad file is half-imported; it never commits (the unit of work does).

Decisions: imported proposals have no author account; an organisation is matched by its name among
the consultation council's organisations (case and spacing ignored), and a name that matches none
is a row error rather than a silently unlinked proposal, so that no voice is misattributed; a row
without a language (or a file without the column) has it recognised like a typed proposal.
Uploads waiting for a moderator's confirmation are kept under instance/imports/, keyed by a random
token, for a day at most."""
import csv
import hashlib
import io
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app import search
from app.analysis.text import detect_languages
from app.audit import services as audit
from app.extensions import db
from app.forms_util import multi_line, single_line
from app.organisations.models import Organisation

from .errors import ConsultationError
from .forms import TEXT_LANGUAGES
from .models import Consultation
from .proposals.models import Proposal, ProposalVersion

TITLE_MAX, BODY_MAX = 200, 10_000  # as ProposalForm: an imported proposal obeys the same limits
EXTERNAL_ID_MAX = Proposal.external_id.type.length
MAX_ROWS = 20_000
DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Columns:
    """The file's column names for each field; language and organisation are optional."""
    title: str = "title"
    body: str = "body"
    id: str = "id"
    language: str | None = None
    organisation: str | None = None

    def named(self) -> dict[str, str]:
        """{field: column name} for the columns asked for."""
        return {name: column for name, column in vars(self).items() if column}


@dataclass(frozen=True)
class Row:
    line: int
    external_id: str
    title: str
    body: str
    language: str = ""  # "": to be recognised
    organisation: str = ""  # "": none


@dataclass(frozen=True)
class RowError:
    line: int | None  # None: about the whole file
    message: str


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    digest: str = ""  # SHA-256 of the file, recorded in the audit log


# 1. Reading the file ----------------------------------------------------------------------------

def parse(data: bytes, columns: Columns) -> Parsed:
    """The file's rows and every error in it, without touching the database."""
    parsed = Parsed(digest=hashlib.sha256(data).hexdigest())
    text = _decode(data, parsed.errors)
    if text is None:
        return parsed
    records = _records(text, parsed.errors)
    header = next(records, None)
    if header is None:
        parsed.errors.append(RowError(None, str(_l("The file is empty."))))
        return parsed
    positions = _positions(header, columns, parsed.errors)
    if positions is None:
        return parsed
    _read_rows(records, len(header[1]), positions, parsed)
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(RowError(None, str(_l("The file has no rows below its header."))))
    return parsed


def _decode(data: bytes, errors: list) -> str | None:
    """UTF-8 text, with or without a byte order mark; anything else is refused with its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        errors.append(RowError(line, str(_l("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))))
        return None


def _records(text: str, errors: list):
    """(line where the record starts, cells) for each non-blank record; a broken one ends the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            errors.append(RowError(start, str(_l("This line cannot be read as CSV (%(reason)s).", reason=error))))
            return
        if any(cell.strip() for cell in cells):
            yield start, cells


def _delimiter(text: str) -> str:
    """Comma, semicolon (spreadsheets in much of Europe, CONSUL's export) or tab: the one the header uses most."""
    header = text.split("\n", 1)[0]
    return max(DELIMITERS, key=header.count) if any(d in header for d in DELIMITERS) else ","


def _positions(header: tuple[int, list[str]], columns: Columns, errors: list) -> dict[str, int] | None:
    """{field: index of its column}; each missing column is named, with the ones the file has."""
    line, header = header
    found = {}
    for index, name in enumerate(header):
        found.setdefault(_key(name), index)
    missing = [column for column in columns.named().values() if _key(column) not in found]
    for column in missing:
        errors.append(RowError(line, str(_l("The file has no column “%(column)s”. Its columns are: %(found)s.",
                                         column=column, found=", ".join(h.strip() for h in header)))))
    return None if missing else {name: found[_key(column)] for name, column in columns.named().items()}


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _read_rows(records, width: int, positions: dict[str, int], parsed: Parsed) -> None:
    seen: dict[str, int] = {}
    for line, cells in records:
        if len(parsed.rows) + len(parsed.errors) >= MAX_ROWS:
            parsed.errors.append(RowError(line, str(_l("A file may hold %(count)s rows at most: split it.",
                                                       count=MAX_ROWS))))
            return
        if len(cells) != width:
            parsed.errors.append(RowError(line, str(_l(
                "This row has %(found)s cells where the header has %(expected)s (a missing quote or separator?).",
                found=len(cells), expected=width))))
            continue
        row, problems = _row(line, cells, positions)
        problems += _duplicate(row, seen)
        parsed.errors.extend(RowError(line, str(problem)) for problem in problems)
        if not problems:
            parsed.rows.append(row)


def _row(line: int, cells: list[str], positions: dict[str, int]) -> tuple[Row, list]:
    """One row cleaned like a typed proposal (app/forms_util.py), and what is wrong with it."""
    value = {name: cells[index] for name, index in positions.items()}
    row = Row(line=line, external_id=single_line(value["id"]), title=single_line(value["title"]),
              body=multi_line(value["body"]), language=_language_code(value.get("language", "")),
              organisation=single_line(value.get("organisation", "")))
    return row, _problems(row)


def _language_code(cell: str) -> str:
    """'FR', 'fr-FR' and 'ar_TN' are the languages the platform knows as 'fr' and 'ar'."""
    return re.split(r"[-_]", cell.strip().lower(), maxsplit=1)[0]


def _problems(row: Row) -> list:
    checks = [
        (not row.external_id, _l("The id is empty.")),
        (len(row.external_id) > EXTERNAL_ID_MAX, _l("The id is longer than %(max)s characters.", max=EXTERNAL_ID_MAX)),
        (not row.title, _l("The title is empty.")),
        (len(row.title) > TITLE_MAX, _l("The title is longer than %(max)s characters.", max=TITLE_MAX)),
        (not row.body, _l("The text of the proposal is empty.")),
        (len(row.body) > BODY_MAX, _l("The text is longer than %(max)s characters.", max=format_number(BODY_MAX))),
        (bool(row.language) and row.language not in TEXT_LANGUAGES,
         _l("Unknown language “%(language)s”: use one of %(known)s, or leave it empty.",
            language=row.language, known=", ".join(TEXT_LANGUAGES))),
    ]
    return [message for failed, message in checks if failed]


def _duplicate(row: Row, seen: dict[str, int]) -> list:
    if not row.external_id:
        return []
    first = seen.setdefault(row.external_id, row.line)
    return [] if first == row.line else [_l("The id “%(id)s” is already on line %(line)s.",
                                            id=row.external_id, line=first)]


# 2. Setting the rows against the database -------------------------------------------------------

@dataclass
class Plan:
    consultation: Consultation
    parsed: Parsed
    new: list[Row] = field(default_factory=list)
    already: int = 0  # rows whose external id this consultation has already
    errors: list[RowError] = field(default_factory=list)
    organisations: dict[str, Organisation] = field(default_factory=dict)  # _key(name) → organisation


def plan(consultation: Consultation, parsed: Parsed) -> Plan:
    """Which rows are new, and the organisations they name (an unknown name is a row error)."""
    existing = _existing_ids(consultation, [row.external_id for row in parsed.rows])
    result = Plan(consultation, parsed, errors=list(parsed.errors), organisations=_organisations(consultation))
    for row in parsed.rows:
        if row.external_id in existing:
            result.already += 1
        elif row.organisation and _key(row.organisation) not in result.organisations:
            result.errors.append(RowError(row.line, str(_l(
                "No organisation of this council is called “%(name)s”.", name=row.organisation))))
        else:
            result.new.append(row)
    result.errors.sort(key=lambda error: error.line or 0)
    return result


def _existing_ids(consultation: Consultation, ids: list[str]) -> set[str]:
    found, chunk = set(), 500
    for start in range(0, len(ids), chunk):
        found.update(db.session.scalars(select(Proposal.external_id).where(
            Proposal.consultation_id == consultation.id, Proposal.external_id.in_(ids[start:start + chunk]))))
    return found


def _organisations(consultation: Consultation) -> dict[str, Organisation]:
    return {_key(o.name): o for o in db.session.scalars(
        select(Organisation).where(Organisation.council_id == consultation.council_id))}


def preview(result: Plan, count: int = 10) -> list[dict]:
    """The first new rows as they will be stored, their language recognised when the file gives none."""
    rows = result.new[:count]
    return [{"row": row, "language": language, "organisation": result.organisations.get(_key(row.organisation))}
            for row, language in zip(rows, _languages(rows))]


def _languages(rows: list[Row]) -> list[str]:
    """Each row's language: the file's, else recognised from title and text (in one parallel pass)."""
    unknown = [row for row in rows if not row.language]
    detected = dict(zip((row.line for row in unknown), detect_languages([f"{r.title}. {r.body}" for r in unknown])))
    return [row.language or detected[row.line] for row in rows]


# 3. Adding the proposals ------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    added: int
    already: int


def import_proposals(result: Plan, *, actor=None, source: str = "") -> Outcome:
    """Add the plan's new proposals and record the import; refuses a plan with errors (nothing added)."""
    if result.errors:
        raise ConsultationError(_l("The file has errors: nothing was imported."), status=422)
    consultation = result.consultation
    languages = _languages(result.new)
    if result.new:
        _refresh_cached_pages(consultation)  # a write before the savepoint: see the function
    try:
        with db.session.begin_nested():  # on a conflict, none of the file's proposals stays behind
            added = [_proposal(consultation, row, language, result.organisations.get(_key(row.organisation)))
                     for row, language in zip(result.new, languages)]
            db.session.add_all(added)
            db.session.flush()
    except IntegrityError as error:  # the same ids imported meanwhile by a concurrent request
        raise ConsultationError(_l("These proposals were being imported at the same moment; nothing more was "
                                   "added. Reload the consultation to see them."), status=409) from error
    _index_for_search(added)
    audit.record("proposals.imported", consultation, actor=actor, council_id=consultation.council_id,
                 added=len(added), already=result.already, rows=len(result.parsed.rows),
                 sha256=result.parsed.digest, source=source)
    return Outcome(added=len(added), already=result.already)


def _proposal(consultation: Consultation, row: Row, language: str, organisation) -> Proposal:
    """A proposal as `proposals.services.submit_proposal` makes one (tests hold the two equal), with its
    first version and no author. Built here so that a file is added in one flush: that service, row by
    row, removes a text from the search index before adding it, which on SQLite's FTS5 scans the whole
    index each time (a thousand rows in a large database took minutes)."""
    proposal = Proposal(consultation=consultation, author=None, organisation=organisation, title=row.title.strip(),
                        body=row.body.strip(), category="", language=language,
                        show_as_organisation=organisation is not None, external_id=row.external_id)
    proposal.versions.append(ProposalVersion(number=1, title=proposal.title, body=proposal.body, category=""))
    return proposal


def _index_for_search(added: list[Proposal]) -> None:
    """New texts only: nothing to remove from the index first."""
    dialect = db.session.get_bind().dialect.name
    for p in added:
        search.insert(db.session, dialect, "proposal", p.id, p.title, p.body, p.language)


def _refresh_cached_pages(consultation: Consultation) -> None:
    """A bulk import is not one more proposal trickling in: cached pages show it at once (freshness.py).
    Done first, it also opens the transaction: SQLite's driver begins one only at the first write, and a
    savepoint opened outside one would commit when released. On PostgreSQL it takes the consultation's
    row lock, so two imports into one consultation run one after the other."""
    db.session.execute(update(Consultation).where(Consultation.id == consultation.id)
                       .values(revision=Consultation.revision + 1).execution_options(synchronize_session=False))


# Uploads waiting for a moderator's confirmation ---------------------------------------------------

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
KEEP_SECONDS = 24 * 3600


def store_upload(folder: Path, consultation_id: int, data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; returns its random token. Stale uploads are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale(folder)
    token = secrets.token_urlsafe(24)
    _upload_path(folder, consultation_id, token).write_bytes(data)
    return token


def load_upload(folder: Path, consultation_id: int, token: str) -> bytes | None:
    """The file uploaded under this token for this consultation, or None (unknown, expired or imported)."""
    if not TOKEN.match(token or ""):
        return None
    path = _upload_path(folder, consultation_id, token)
    return path.read_bytes() if path.is_file() else None


def discard_upload(folder: Path, consultation_id: int, token: str) -> None:
    if TOKEN.match(token or ""):
        _upload_path(folder, consultation_id, token).unlink(missing_ok=True)


def _upload_path(folder: Path, consultation_id: int, token: str) -> Path:
    return folder / f"{int(consultation_id)}-{token}.csv"


def _remove_stale(folder: Path) -> None:
    limit = time.time() - KEEP_SECONDS
    for path in folder.glob("*.csv"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
