"""The API's query budget: a page of proposals, the themes, the responses, the commitments, the exports and
the feed run the same number of SQL statements whether a consultation has 10 or 60 proposals, themes
and responses (no statement per item)."""
from datetime import timedelta

from app.clock import utcnow
from app.consultations.proposals.models import Proposal
from app.extensions import db
from app.insights.models import MandateFlag, Theme, ThemeMember
from app.responses.models import (Commitment, CommitmentStatus, CommitmentUpdate, Decision, Response,
                                  ResponseVersion, VersionStatus)
from tests.consultations.test_query_budget import counting
from tests.factories import ConsultationFactory, CouncilFactory, UserFactory


def build(n: int):
    """n proposals, each second one in one of n/2 themes; every theme and every fifth proposal answered,
    each response with a commitment and an update; every proposal triaged."""
    council = CouncilFactory(k_anonymity=2)
    consultation = ConsultationFactory(council=council, phase="follow_up")
    author = UserFactory()
    proposals = [Proposal(consultation_id=consultation.id, author_id=author.id, title=f"P{i}", body="b")
                 for i in range(n)]
    themes = [Theme(consultation_id=consultation.id, label=f"theme {i}") for i in range(n // 2)]
    db.session.add_all(proposals + themes)
    db.session.flush()
    now = utcnow()
    responses = [Response(consultation_id=consultation.id, theme_id=t.id) for t in themes] + [
        Response(consultation_id=consultation.id, proposal_id=p.id) for p in proposals[::5]]
    for index, proposal in enumerate(proposals):
        db.session.add(MandateFlag(consultation_id=consultation.id, proposal_id=proposal.id, level="municipal"))
        if index % 2 == 0:
            db.session.add(ThemeMember(theme_id=themes[index // 2 % len(themes)].id, proposal_id=proposal.id))
    db.session.add_all(responses)
    db.session.flush()
    for response in responses:
        db.session.add(ResponseVersion(response_id=response.id, number=1, status=VersionStatus.PUBLISHED,
                                       decision=Decision.ACCEPTED, reason="r", published_at=now))
        commitment = Commitment(response_id=response.id, council_id=council.id, what="w", department="d",
                                due_date=now.date() - timedelta(days=1))
        db.session.add(commitment)
        db.session.flush()
        db.session.add(CommitmentUpdate(commitment_id=commitment.id, status=CommitmentStatus.IN_PROGRESS, body="u"))
    db.session.commit()
    return council, consultation


def measure(client, council, consultation) -> dict[str, int]:
    urls = {"proposals": f"/api/v1/consultations/{consultation.id}/proposals?per_page=10",
            "themes": f"/api/v1/consultations/{consultation.id}/themes",
            "responses": f"/api/v1/consultations/{consultation.id}/responses",
            "commitments": f"/api/v1/councils/{council.id}/commitments",
            "export.json": f"/api/v1/consultations/{consultation.id}/export.json",
            "export.csv": f"/api/v1/consultations/{consultation.id}/export/proposals.csv",
            "feed": f"/api/v1/councils/{council.id}/feed.atom"}
    counts = {}
    for name, url in urls.items():
        with counting() as statements:
            assert client.get(url).status_code == 200, url
        counts[name] = len(statements)
    return counts


def test_each_output_runs_the_same_few_queries_for_10_and_60_items(client):
    small = measure(client, *build(10))
    large = measure(client, *build(60))
    assert small == large
    assert max(large.values()) <= 15, large  # measured: 9 to 14
