"""The OpenAPI document validates, and a property-based fuzzer (schemathesis) driven by it finds no server
error and no answer that breaks the document, on valid and invalid input, against the seeded data.

Bounded (25 examples per operation and mode) and deterministic (derandomized), so that it runs in the
normal suite in seconds; `make test` runs it like any other test."""
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from tests.responses.test_api_fixtures import seed_open_data

EXAMPLES = 25
SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                    phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


@pytest.fixture
def schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def operations(schema) -> list:
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) == 11  # every route registered with views.read
    return found


def test_the_openapi_document_validates(client, schema):
    schema.validate()  # raises on a document that breaks the OpenAPI 3.1 meta-schema
    document = client.get("/api/v1/openapi.json").get_json()
    paths = set(document["paths"])
    for required in ("/consultations", "/consultations/{consultation_id}", "/consultations/{consultation_id}/proposals",
                     "/consultations/{consultation_id}/themes", "/councils/{council_id}/commitments"):
        assert required in paths
    proposal = document["components"]["schemas"]["Proposal"]
    assert {"theme", "triage", "response"} <= set(proposal["required"])
    commitment = document["components"]["schemas"]["Commitment"]
    assert {"status", "due_date", "overdue"} <= set(commitment["required"])


def _fuzz(operation, client, mode: GenerationMode, examples: int = EXAMPLES, **path_parameters) -> int:
    """Run the operation's cases; each must answer without a 5xx and as its document says."""
    calls = []

    @settings(SETTINGS, max_examples=examples)
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters or None))
    def run(case):
        response = case.call(session=client)
        calls.append(response.status_code)
        assert response.status_code < 500, (case.as_curl_command(), response.text[:500])
        # Schemathesis' default checks: status code, content type and body as documented, and invalid
        # input refused (extra query arguments aside: the API ignores them).
        case.validate_response(response)
    run()
    return calls


def test_the_fuzzer_finds_no_server_error_and_no_answer_off_the_document(app, schema):
    """Ids of the seeded council and consultation reach the full answers; random ones the 404s. Invalid
    query arguments are tried on the seeded ids, invalid paths where there is no query."""
    data = seed_open_data()
    known = {"consultation_id": data.consultation.id, "council_id": data.council.id}
    client = app.test_client()
    statuses = []
    for operation in operations(schema):
        names = {p.name for p in operation.path_parameters}
        seeded = {name: known[name] for name in names & set(known)}
        statuses += _fuzz(operation, client, GenerationMode.POSITIVE, **seeded)
        if names:
            statuses += _fuzz(operation, client, GenerationMode.POSITIVE, examples=10)  # any id: mostly 404
        if len(operation.query):
            statuses += _fuzz(operation, client, GenerationMode.NEGATIVE, **seeded)
        elif names:
            statuses += _fuzz(operation, client, GenerationMode.NEGATIVE, examples=10)
    assert statuses.count(200) > 8 * EXAMPLES and statuses.count(400) > EXAMPLES and 404 in statuses
