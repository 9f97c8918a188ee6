"""The OpenAPI 3.1 document of /api/v1/, generated with apispec from the routes registered by
`views.read(...)` and the marshmallow schemas that serialise them: nothing is written twice."""
import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import url_for

from app.inputs import MAX_ID

from .schemas import ErrorSchema
from .views import OPERATIONS

TITLE = "Majlis open data API"
VERSION = "1.0.0"
PARAM = re.compile(r"<(?:(?P<converter>[a-z_]+)(?:\((?P<options>[^)]*)\))?:)?(?P<name>\w+)>")


def document() -> dict:
    spec = APISpec(title=TITLE, version=VERSION, openapi_version="3.1.0", plugins=[MarshmallowPlugin()],
                   info={"description": "Read-only public data of Majlis: councils, public consultations, "
                                        "proposals with their theme, triage and response, themes, responses and "
                                        "commitments. Lists are paginated as {\"items\": [...], \"next\": url or "
                                        "null}. No personal data; counts of people below a council's k are null.",
                         "license": {"name": "Open data"}},
                   servers=[{"url": url_for("api.openapi").removesuffix("/openapi.json")}])
    spec.components.schema("Error", schema=ErrorSchema)
    for operation in OPERATIONS:
        path, parameters = _path(operation)
        spec.path(path=path, operations={"get": _operation(operation, parameters)})
    return spec.to_dict()


def _path(operation) -> tuple[str, list[dict]]:
    """/consultations/<int:consultation_id> -> /consultations/{consultation_id} and its path parameters."""
    parameters = []

    def replace(match):
        name = match["name"]
        if match["converter"] == "public_id":
            schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        else:
            schema = {"type": "string", "enum": operation.path_enums[name]}
        parameters.append({"in": "path", "name": name, "required": True, "schema": schema})
        return "{" + name + "}"

    return PARAM.sub(replace, operation.rule), parameters


def _operation(operation, path_parameters: list[dict]) -> dict:
    content = ({"schema": operation.schema} if operation.schema is not None else {"schema": {"type": "string"}})
    responses = {"200": {"description": operation.summary, "content": {operation.media_type: content}},
                 "400": _error("Invalid query arguments.")}
    if path_parameters:
        responses["404"] = _error("Not found, or not public.")
    parameters = list(path_parameters)
    if operation.args is not None:
        parameters.append({"in": "query", "schema": operation.args})
    return {"operationId": operation.endpoint, "summary": operation.summary, "description": operation.description,
            "tags": [operation.tag], "parameters": parameters, "responses": responses}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": "Error"}}}
