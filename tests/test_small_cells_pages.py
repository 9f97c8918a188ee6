"""Public pages and files show no count of people under the council's k that the open-data API hides:
a proposal's supports (its page, its card), a theme's proposals, organisations and supports (themes page,
"you said, we did", the briefing and its JSON). Such a count reads "fewer than k"; zero and k show."""
import json

import pytest

from app.extensions import db as _db
from tests.factories import ConsultationFactory, OrganisationFactory
from tests.insights.test_briefing import add_proposal, add_theme

K = 5


def api(client, path: str) -> list[dict]:
    return client.get(f"/api/v1{path}").get_json()["items"]


@pytest.fixture
def consultation(app):
    consultation = ConsultationFactory(phase="response")
    consultation.council.k_anonymity = K
    _db.session.commit()
    return consultation


@pytest.mark.parametrize("supports, shown", [(2, False), (1, False), (K, True), (0, True)])
def test_a_proposals_supports_under_k_are_not_shown_on_its_page_nor_its_card(client, consultation, supports, shown):
    proposal = add_proposal(consultation, "Night buses to the suburbs", supports=supports)
    [record] = api(client, f"/consultations/{consultation.id}/proposals")
    page = client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)
    listing = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    number = f"{supports} support" + ("" if supports == 1 else "s")
    assert (record["supports"] is not None) is shown  # what the API says, the pages say
    assert (number in page) is shown and (f"<strong>{supports}</strong> support" in listing) is shown
    assert ("fewer than 5 supports" in page) is not shown and ("fewer than 5 supports" in listing) is not shown


def test_the_suppressed_count_is_translated(client, consultation):
    proposal = add_proposal(consultation, "Night buses to the suburbs", supports=2)
    french = client.get(f"/consultations/proposals/{proposal.id}", headers={"Accept-Language": "fr"})
    arabic = client.get(f"/consultations/proposals/{proposal.id}", headers={"Accept-Language": "ar"})
    assert "moins de 5 soutiens" in french.get_data(as_text=True)
    assert "أقل من 5" in arabic.get_data(as_text=True)


@pytest.fixture
def themes(consultation):
    """A theme of 3 proposals from 2 organisations (2 supports in all), one of 6 from 1 organisation
    (9 supports in all), and one of 2 proposals: the API gives proposal_count null for the small two."""
    sahel, atlas = (OrganisationFactory(council=consultation.council, name=name) for name in ("Sahel", "Atlas"))
    small = [add_proposal(consultation, f"Rent {n}", sahel if n else atlas, supports=1 if n < 2 else 0)
             for n in range(3)]
    large = [add_proposal(consultation, f"Buses {n}", sahel, supports=2 if n < 3 else 1) for n in range(6)]
    pair = [add_proposal(consultation, f"Health {n}") for n in range(2)]
    return add_theme(consultation, small, label="rent housing"), add_theme(consultation, large, label="night buses"), \
        add_theme(consultation, pair, label="health cards")


def test_theme_sizes_under_k_are_not_shown_where_the_api_hides_them(client, consultation, themes):
    small, large, pair = themes
    counts = {t["id"]: t["proposal_count"] for t in api(client, f"/consultations/{consultation.id}/themes")}
    assert counts == {small.id: None, large.id: 6, pair.id: None}
    page = client.get(f"/consultations/{consultation.id}/themes").get_data(as_text=True)
    assert "3 proposals" not in page and "2 proposals" not in page and "2 organisations" not in page
    assert "2 supports" not in page and "fewer than 5 proposals" in page and "fewer than 5 organisations" in page
    assert "6 proposals" in page and "9 supports" in page  # counts of k or more show
    report = client.get(f"/consultations/{consultation.id}/you-said-we-did").get_data(as_text=True)
    assert "3 proposals" not in report and "2 proposals" not in report
    assert "6 proposals" in report and report.count("fewer than 5 proposals") == 2


def test_the_briefing_and_its_json_do_not_show_theme_sizes_under_k(client, consultation, themes):
    small, large, pair = themes
    data = json.loads(client.get(f"/consultations/{consultation.id}/briefing.json").get_data(as_text=True))
    sizes = {t["id"]: (t["size"], t["organisations"], t["supports"]) for t in data["themes"]}
    assert sizes == {small.id: (None, None, None), large.id: (6, None, 9), pair.id: (None, 0, 0)}
    assert [t["id"] for t in data["themes"]] == [large.id, small.id, pair.id]  # still largest first
    assert {t["id"]: t["size"] for t in data["awaiting"]["themes"]} == {small.id: None, large.id: 6, pair.id: None}
    assert {p["supports"] for p in data["awaiting"]["proposals"]} == {None, 0}  # 1 and 2 supports: under k
    page = client.get(f"/consultations/{consultation.id}/briefing").get_data(as_text=True)
    assert "3 proposals" not in page and "2 proposals" not in page and "fewer than 5 proposals" in page
    assert "6 proposals" in page
