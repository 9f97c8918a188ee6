"""The shapes of open data, once: these marshmallow schemas serialise every API answer and the JSON
export, validate the query arguments, and are what the OpenAPI document (openapi.py) is generated
from, so that the document cannot drift from what is served.

Output fields are `required` (always present) and `allow_none` where null means something (no theme,
no response yet, a count withheld below the council's k)."""
from marshmallow import EXCLUDE, Schema, fields, validate

from app.inputs import MAX_ID, MAX_PAGE

from ..models import CommitmentStatus, Decision

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


def _text(**kwargs):
    return fields.String(required=True, **kwargs)


def _nullable(field_class, *args, **kwargs):
    return field_class(*args, required=True, allow_none=True, **kwargs)


def _id(**kwargs):
    return fields.Integer(required=True, validate=validate.Range(1, MAX_ID), **kwargs)


def _count(description: str):
    return _nullable(fields.Integer, validate=validate.Range(0), metadata={"description": description})


# Query arguments -----------------------------------------------------------------------------------

class PageArgsSchema(Schema):
    """`page` (from 1) and `per_page` (1 to 100) of every list."""
    class Meta:
        unknown = EXCLUDE  # a client's cache-busting argument is not an error

    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE),
                          metadata={"description": "Page number, from 1."})
    per_page = fields.Integer(load_default=DEFAULT_PER_PAGE, validate=validate.Range(1, MAX_PER_PAGE),
                              metadata={"description": f"Items per page, 1 to {MAX_PER_PAGE}."})


class CommitmentArgsSchema(PageArgsSchema):
    status = fields.String(validate=validate.OneOf([s.value for s in CommitmentStatus]),
                           metadata={"description": "Only commitments in this status."})
    overdue = fields.Boolean(metadata={"description": "Only commitments that are (true) or are not (false) overdue."})


# Records -------------------------------------------------------------------------------------------

class ErrorSchema(Schema):
    error = _text()
    message = _text()
    request_id = _nullable(fields.String)
    details = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                          metadata={"description": "query argument -> what is wrong with it"})


class CouncilSchema(Schema):
    id = _id()
    slug = _text()
    name = _text()
    city = _text()
    country = _text(metadata={"description": "ISO 3166-1 alpha-2."})
    languages = fields.List(fields.String(), required=True)
    time_zone = _text(metadata={"description": "IANA zone: commitments are overdue from the day after their "
                                              "due date in this zone."})
    k_anonymity = fields.Integer(required=True, metadata={"description": "Counts of people below this are "
                                                                         "withheld (null)."})
    website = _text()


class TextsSchema(Schema):
    title = fields.String()
    description = fields.String()


class ConsultationSchema(Schema):
    id = _id()
    council_id = _id()
    title = _text()
    description = _text()
    language = _text()
    translations = fields.Dict(keys=fields.String(), values=fields.Nested(TextsSchema), required=True,
                               metadata={"description": "language -> translated title and description"})
    categories = fields.List(fields.String(), required=True)
    phase = _text(validate=validate.OneOf(["draft", "open", "deliberation", "analysis", "response", "follow_up",
                                           "closed"]))
    created_at = fields.DateTime(required=True)
    proposal_count = fields.Integer(required=True, validate=validate.Range(0))
    participants = _count("People who took part; null when fewer than the council's k.")


class ThemeRefSchema(Schema):
    id = _id()
    title = _text()


class TriageSchema(Schema):
    level = _text(metadata={"description": "municipal, shared, regional, national or undetermined"})
    category = _text()
    authority = _text(metadata={"description": "The competent authority when it is not the city."})
    outside_mandate = fields.Boolean(required=True)


class AppliedResponseSchema(Schema):
    """The current published wording of a response."""
    id = _id()
    applies_through = _text(validate=validate.OneOf(["proposal", "theme"]),
                            metadata={"description": "The proposal's own response, or its theme's."})
    theme_id = _nullable(fields.Integer)
    decision = _text(validate=validate.OneOf([d.value for d in Decision]))
    reason = _text()
    language = _text()
    translations = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                               metadata={"description": "language -> reason in that language"})
    referral_authority = _text(metadata={"description": "Where an outside-mandate request was referred."})
    version = fields.Integer(required=True, validate=validate.Range(1))
    published_at = fields.DateTime(required=True)


class ProposalSchema(Schema):
    id = _id()
    consultation_id = _id()
    title = _text()
    body = _text()
    category = _text()
    language = _text()
    status = _text(validate=validate.OneOf(["published", "withdrawn"]))
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    organisation = _nullable(fields.String, metadata={"description": "Only when the author chose to post under "
                                                                     "their organisation's name; never a person."})
    supports = _count("Supports; null when fewer than the council's k.")
    theme = _nullable(fields.Nested, ThemeRefSchema)
    triage = _nullable(fields.Nested, TriageSchema)
    response = _nullable(fields.Nested, AppliedResponseSchema,
                         metadata={"description": "The response that applies: the proposal's own, else its "
                                                  "theme's; null while awaiting one."})


class ThemeSchema(Schema):
    id = _id()
    consultation_id = _id()
    title = _text()
    terms = fields.List(fields.String(), required=True)
    proposal_count = _count("Proposals shown in the theme; null when fewer than the council's k.")
    quotes = fields.List(fields.Integer(), required=True, metadata={"description": "Ids of representative "
                                                                                   "proposals."})
    retired_at = _nullable(fields.DateTime)
    merged_into_id = _nullable(fields.Integer)
    response = _nullable(fields.Nested, AppliedResponseSchema)


class CommitmentUpdateSchema(Schema):
    id = _id()
    status = _text(validate=validate.OneOf([s.value for s in CommitmentStatus]))
    body = _text()
    created_at = fields.DateTime(required=True)


class CommitmentSchema(Schema):
    id = _id()
    response_id = _id()
    consultation_id = _id()
    council_id = _id()
    what = _text()
    department = _text()
    due_date = fields.Date(required=True)
    status = _text(validate=validate.OneOf([s.value for s in CommitmentStatus]))
    status_reason = _text()
    overdue = fields.Boolean(required=True, metadata={"description": "Past its due date in the council's time "
                                                                     "zone and neither done nor dropped."})
    updates = fields.List(fields.Nested(CommitmentUpdateSchema), required=True)


class ResponseVersionSchema(Schema):
    version = fields.Integer(required=True, validate=validate.Range(1))
    decision = _text(validate=validate.OneOf([d.value for d in Decision]))
    reason = _text()
    language = _text()
    translations = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    referral_authority = _text()
    correction_reason = _text(metadata={"description": "Why this version replaced the previous one."})
    published_at = fields.DateTime(required=True)


class ResponseSchema(AppliedResponseSchema):
    target = _text(validate=validate.OneOf(["proposal", "theme"]))
    consultation_id = _id()
    proposal_id = _nullable(fields.Integer)
    correction_reason = _text()
    history = fields.List(fields.Nested(ResponseVersionSchema), required=True,
                          metadata={"description": "Every published version, oldest first."})
    commitments = fields.List(fields.Nested(CommitmentSchema), required=True)


class ExportSchema(Schema):
    """A whole consultation in one JSON document."""
    generated_at = fields.DateTime(required=True)
    consultation = fields.Nested(ConsultationSchema, required=True)
    proposals = fields.List(fields.Nested(ProposalSchema), required=True)
    themes = fields.List(fields.Nested(ThemeSchema), required=True)
    responses = fields.List(fields.Nested(ResponseSchema), required=True)
    commitments = fields.List(fields.Nested(CommitmentSchema), required=True)


def page_schema(item: type[Schema]) -> type[Schema]:
    """{"items": [...], "next": url or null}: the envelope of every list, named after its item."""
    name = item.__name__.removesuffix("Schema") + "PageSchema"
    if name not in _PAGES:
        _PAGES[name] = type(name, (Schema,), {
            "items": fields.List(fields.Nested(item), required=True),
            "next": _nullable(fields.String, metadata={"format": "uri",
                                                       "description": "The next page, or null on the last."})})
    return _PAGES[name]


_PAGES: dict[str, type[Schema]] = {}
