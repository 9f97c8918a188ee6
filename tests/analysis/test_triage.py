"""Mandate triage against per-city competence maps."""
import pytest

from app.analysis.competences import CompetenceMap, UnknownCity, available_cities, taxonomy
from app.analysis.triage import TriageModel, default_model, evaluate, read_labelled

REQUIRED_CITIES = {"barcelona", "madrid", "paris", "lyon", "sfax", "tunis", "tangier", "athens", "berlin",
                   "vienna", "amsterdam", "beirut", "amman"}


def triage(text, city):
    return default_model().triage(text, CompetenceMap.load(city))


def test_every_required_city_has_a_complete_map():
    assert REQUIRED_CITIES <= set(available_cities())
    categories = {c["id"] for c in taxonomy()["categories"]}
    for city in REQUIRED_CITIES:
        competences = CompetenceMap.load(city).competences
        assert set(competences) == categories
        assert all(c.level in ("municipal", "shared", "regional", "national") and c.authority
                   for c in competences.values())


def test_unknown_city_is_refused_with_the_list():
    with pytest.raises(UnknownCity, match="barcelona"):
        CompetenceMap.load("gotham")


def test_same_request_is_national_in_paris_but_the_citys_own_in_vienna_and_berlin():
    text = "Residence permit renewals take far too long, speed them up"
    paris, vienna, berlin = triage(text, "paris"), triage(text, "vienna"), triage(text, "berlin")
    assert paris.category == vienna.category == "residence_permits"
    assert paris.level == "national" and "Préfecture" in paris.refer_to
    assert vienna.level == "municipal" and vienna.refer_to == ""
    assert berlin.level == "municipal"
    assert "residence permit" in paris.matched_terms


@pytest.mark.parametrize("text,category,level", [
    ("Fermer le centre de rétention administrative", "detention_removal", "national"),
    ("Les ordures ne sont pas ramassées dans notre rue", "public_space", "municipal"),
    ("إغلاق مركز احتجاز المهاجرين", "detention_removal", "national"),
    ("Más frecuencia en la línea de autobús nocturno", "transport", "municipal"),
    ("Més places a l'escola bressol pública", "schools", "shared"),
])
def test_classifies_requests_in_several_languages(text, category, level):
    result = triage(text, "barcelona" if "Més" in text or "Más" in text else "paris")
    assert (result.category, result.level) == (category, level)
    assert 0 < result.confidence <= 1


def test_mixed_request_names_both_parts():
    result = triage("More Arabic language classes at the community centre and faster residence permits", "barcelona")
    assert result.mixed
    levels = {p["category"]: p["level"] for p in result.parts}
    assert levels["residence_permits"] == "national"
    assert any(level in ("municipal", "shared") for level in levels.values())


def test_help_with_a_national_procedure_is_municipal_support():
    result = triage("A legal advice desk to help people with their asylum application", "paris")
    assert result.category == "asylum" and result.support_frame and result.level == "municipal"


def test_unrelated_text_is_undetermined():
    assert triage("Hello", "paris").level == "undetermined"


def test_moderator_corrections_retrain_the_model():
    text = "Wifi gratuit dans les bibliothèques de quartier"
    before = default_model().guess(text).category
    corrected = TriageModel(corrections=[(text, "culture_sport", "municipal")] * 2)
    assert corrected.guess(text).category == "culture_sport"
    assert before in {c["id"] for c in taxonomy()["categories"]}


def test_labelled_set_is_balanced_across_categories_and_languages():
    rows = read_labelled()
    by_category = {}
    for row in rows:
        by_category.setdefault(row["category"], set()).add(row["language"])
    assert len({r["group"] for r in rows}) >= 300
    assert len(by_category) == 20 and all(langs == {"en", "fr", "es", "ca", "ar"} for langs in by_category.values())


def test_held_out_accuracy():
    report = evaluate()
    assert report["test_size"] >= 100
    assert report["accuracy"] >= 0.85, report
