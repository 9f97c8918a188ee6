"""Routes of /api/v1/: the read-only JSON API, the consultation exports and the council feeds.

Every route is declared with `read(...)`, which also records what the OpenAPI document says about it
(openapi.py), so that a route cannot exist undocumented. Everything here is public data read as an
anonymous visitor (permissions.py); errors are JSON whatever the client accepts."""
from dataclasses import dataclass, field

from flask import Blueprint, Response, g, jsonify, request, url_for
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import BaseConverter

from app.clock import utcnow
from app.errors import EXPLANATIONS, TITLES
from app.extensions import db
from app.inputs import MAX_ID

from .. import exports, feed
from . import reading
from .schemas import (CommitmentArgsSchema, CommitmentSchema, ConsultationSchema, CouncilSchema, ExportSchema,
                      PageArgsSchema, ProposalSchema, ResponseSchema, ThemeSchema, page_schema)

bp = Blueprint("api", __name__, url_prefix="/api/v1")


class PublicId(BaseConverter):
    """An id in an API address: ASCII digits only, else the address falls through to `nowhere` (a JSON
    404). Out-of-range numbers reach the view, which answers 404 too (`_council`, `_consultation`): the
    app's `<int:…>` would refuse them inside routing, where only an HTML page can answer."""
    regex = r"[0-9]{1,12}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


class Rest(BaseConverter):
    """The rest of an address, whatever it holds (newlines included, unlike `<path:…>`)."""
    regex = r"[\s\S]+"
    part_isolating = False


def _converters(state) -> None:
    state.app.url_map.converters.setdefault("public_id", PublicId)
    state.app.url_map.converters.setdefault("api_rest", Rest)


bp.record_once(_converters)

JSON = "application/json"
CACHE_SECONDS = 60  # open data may be a minute old; it is the same for every reader


@dataclass(frozen=True)
class Operation:
    """What the OpenAPI document says about one route."""
    rule: str
    endpoint: str
    summary: str
    tag: str
    schema: type[Schema] | None = None
    args: type[Schema] | None = None
    media_type: str = JSON
    description: str = ""
    path_enums: dict = field(default_factory=dict)


OPERATIONS: list[Operation] = []


def read(rule: str, summary: str, tag: str, schema=None, args=None, media_type: str = JSON, **path_enums):
    """Register a GET route of the API and its description in the OpenAPI document."""
    def register(view):
        OPERATIONS.append(Operation(rule, view.__name__, summary, tag, schema, args, media_type,
                                    (view.__doc__ or "").strip(), path_enums))
        return bp.get(rule)(view)
    return register


# Councils ------------------------------------------------------------------------------------------

@read("/councils", "Councils", "councils", schema=page_schema(CouncilSchema), args=PageArgsSchema)
def councils():
    """Every council, by id."""
    return _page(reading.councils(), PageArgsSchema, CouncilSchema, reading.council_record)


@read("/councils/<public_id:council_id>", "A council", "councils", schema=CouncilSchema)
def council(council_id: int):
    """A council's public identity (its contact details are on its page)."""
    return _json(CouncilSchema().dump(reading.council_record(_council(council_id))))


@read("/councils/<public_id:council_id>/commitments", "A council's commitments", "commitments",
      schema=page_schema(CommitmentSchema), args=CommitmentArgsSchema)
def commitments(council_id: int):
    """The commitments of the council's public consultations, with `overdue` computed in the council's
    time zone (from the day after the due date, while neither done nor dropped)."""
    found = _council(council_id)
    args = _args(CommitmentArgsSchema)
    items = reading.council_commitments(found, args.get("status"), args.get("overdue"))
    return _page(items, CommitmentArgsSchema, CommitmentSchema, args=args)


@read("/councils/<public_id:council_id>/feed.atom", "A council's feed", "feeds", media_type="application/atom+xml")
def council_feed(council_id: int):
    """Atom feed of the council's published responses (each version) and commitment updates, newest first."""
    found = _council(council_id)
    body = feed.council_feed(found, reading.response_events(found)[:feed.MAX_ENTRIES])
    response = _cached(Response(body, mimetype="application/atom+xml"))
    response.vary.update(("Accept-Language", "Cookie"))  # its titles are in the reader's language
    return response


# Consultations -------------------------------------------------------------------------------------

@read("/consultations", "Consultations", "consultations", schema=page_schema(ConsultationSchema),
      args=PageArgsSchema)
def consultations():
    """Public consultations (members-only ones and drafts are not open data), by id."""
    return _page(reading.consultations(), PageArgsSchema, ConsultationSchema, reading.consultation_records, many=True)


@read("/consultations/<public_id:consultation_id>", "A consultation", "consultations", schema=ConsultationSchema)
def consultation(consultation_id: int):
    """A public consultation with its numbers (people below the council's k: null)."""
    found = _consultation(consultation_id)
    return _json(ConsultationSchema().dump(reading.consultation_records([found])[0]))


@read("/consultations/<public_id:consultation_id>/proposals", "A consultation's proposals", "consultations",
      schema=page_schema(ProposalSchema), args=PageArgsSchema)
def proposals(consultation_id: int):
    """Shown proposals by id, each with its theme, its mandate triage and the response that applies to it
    (its own, else its theme's; null while awaiting one)."""
    found = _consultation(consultation_id)
    args = _args(PageArgsSchema)
    items, more = reading.proposal_page(found, args["page"], args["per_page"])
    return _json({"items": ProposalSchema(many=True).dump(items), "next": _next_url(args) if more else None})


@read("/consultations/<public_id:consultation_id>/themes", "A consultation's themes", "consultations",
      schema=page_schema(ThemeSchema), args=PageArgsSchema)
def themes(consultation_id: int):
    """Themes by id, with their proposal count (null below k) and the response to the theme."""
    found = _consultation(consultation_id)
    return _page(reading.theme_records(reading.ConsultationAnswers(found)), PageArgsSchema, ThemeSchema)


@read("/consultations/<public_id:consultation_id>/responses", "A consultation's responses", "consultations",
      schema=page_schema(ResponseSchema), args=PageArgsSchema)
def responses(consultation_id: int):
    """Published responses (to themes and to single proposals) with every published version and their
    commitments."""
    found = _consultation(consultation_id)
    return _page(reading.response_records(reading.ConsultationAnswers(found)), PageArgsSchema, ResponseSchema)


# Exports -------------------------------------------------------------------------------------------

@read("/consultations/<public_id:consultation_id>/export.json", "Export a consultation (JSON)", "exports",
      schema=ExportSchema)
def export_json(consultation_id: int):
    """The whole consultation in one document: proposals, themes, responses and commitments, shaped as in
    the API."""
    found = _consultation(consultation_id)
    body = ExportSchema().dump(exports.export_document(found, utcnow()))
    return _download(jsonify(body), f"majlis-consultation-{found.id}.json")


@read("/consultations/<public_id:consultation_id>/export/<any(proposals, themes, responses, commitments):table>.csv",
      "Export a consultation (CSV)", "exports", media_type="text/csv",
      table=list(exports.TABLES))
def export_csv(consultation_id: int, table: str):
    """One table of the consultation as CSV (UTF-8 with a byte order mark, one file per table:
    proposals, themes, responses, commitments)."""
    found = _consultation(consultation_id)
    body = exports.csv_table(found, table)
    return _download(Response(body, mimetype="text/csv"), f"majlis-consultation-{found.id}-{table}.csv")


# The document and the rest of the address space ----------------------------------------------------

@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 document, generated from the routes above and their schemas."""
    from .openapi import document

    return _cached(jsonify(document()))


@bp.get("/<api_rest:anything>")
def nowhere(anything: str):
    """Any other address under /api/v1/ (a malformed id included) is a JSON 404, not an HTML page."""
    raise NotFound()


@bp.errorhandler(HTTPException)
def json_error(error: HTTPException):
    """The same title and explanation as the pages (app/errors.py), always as JSON."""
    db.session.rollback()
    code = error.code if error.code in TITLES else 500
    body = {"error": str(TITLES[code]), "message": getattr(error, "majlis_message", None) or str(EXPLANATIONS[code]),
            "request_id": g.get("request_id")}
    if getattr(error, "details", None):
        body["details"] = error.details
    return jsonify(body), code


# Helpers -------------------------------------------------------------------------------------------

class BadArguments(HTTPException):
    code = 400

    def __init__(self, details: dict):
        super().__init__()
        self.details = details
        self.majlis_message = _("These query arguments are not valid: %(names)s", names=", ".join(sorted(details)))


def _args(schema: type[Schema]) -> dict:
    try:
        return schema().load(request.args.to_dict())
    except ValidationError as error:
        raise BadArguments({str(k): v for k, v in error.messages.items()}) from None


def _council(council_id: int):
    return _found(reading.council(council_id) if 1 <= council_id <= MAX_ID else None)


def _consultation(consultation_id: int):
    """A consultation that is open data, else 404 (members-only and drafts look like no consultation)."""
    return _found(reading.consultation(consultation_id) if 1 <= consultation_id <= MAX_ID else None)


def _found(item):
    if item is None:
        raise NotFound()
    return item


def _page(items: list, args_schema: type[Schema], item_schema: type[Schema], to_record=None, many: bool = False,
          args: dict | None = None):
    """One page of an already filtered list, and the link to the next one."""
    args = args if args is not None else _args(args_schema)
    start = (args["page"] - 1) * args["per_page"]
    chosen = items[start:start + args["per_page"]]
    if to_record is not None:
        chosen = to_record(chosen) if many else [to_record(item) for item in chosen]
    more = len(items) > start + args["per_page"]
    return _json({"items": item_schema(many=True).dump(chosen), "next": _next_url(args) if more else None})


def _next_url(args: dict) -> str:
    values = {**request.view_args, **{k: str(v).lower() if isinstance(v, bool) else v for k, v in args.items()}}
    values["page"] = args["page"] + 1
    return url_for(request.endpoint, _external=True, **values)


def _json(body: dict):
    return _cached(jsonify(body))


def _cached(response):
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def _download(response, filename: str):
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _cached(response)
