"""Language detection, normalisation, tokens and stems in the languages Majlis must handle."""
import pytest

from app.analysis.text import Stemmer, detect_languages, normalise, sentences, stop_words, words

SAMPLES = {
    "en": "The city should open more night buses to the industrial zone for workers",
    "fr": "La ville devrait ouvrir plus de bus de nuit vers la zone industrielle pour les travailleurs",
    "ar": "يجب على البلدية توفير حافلات ليلية إلى المنطقة الصناعية من أجل العمال",
    "es": "El ayuntamiento debería poner más autobuses nocturnos hacia el polígono industrial",
    "ca": "L'ajuntament hauria de posar més autobusos de nit cap al polígon industrial per als treballadors",
    "de": "Die Stadt sollte mehr Nachtbusse in das Industriegebiet für die Arbeiter einsetzen",
    "el": "Ο δήμος πρέπει να προσθέσει περισσότερα νυχτερινά λεωφορεία προς τη βιομηχανική ζώνη",
}


def test_detects_each_language():
    assert detect_languages(list(SAMPLES.values())) == list(SAMPLES)


def test_too_short_text_is_undetermined():
    assert detect_languages(["ok", ""]) == ["und", "und"]


def test_arabic_normalisation_unifies_variants():
    assert normalise("إِسْتِقْبَالُ") == normalise("استقبال") == "استقبال"
    assert normalise("مدرسة") == "مدرسه" and normalise("مستشفى") == "مستشفي"


def test_words_drop_elisions_and_digits():
    assert words("L'école d'été, 2026 !") == ["école", "été"]


@pytest.mark.parametrize("language,word,stem", [
    ("en", "classes", "class"), ("fr", "logements", "log"), ("es", "viviendas", "viviend"),
    ("ca", "habitatges", "hab"), ("de", "wohnungen", "wohnung"), ("el", "λεωφορεία", "λεωφορει"),
    ("ar", "المدارس", "درس"),
])
def test_stemmer_per_language(language, word, stem):
    assert Stemmer(language)(word) == stem


def test_stop_words_exist_for_every_required_language():
    for language in ("en", "fr", "ar", "es", "ca", "de", "el"):
        assert len(stop_words(language)) > 50, language


def test_sentences_split_on_latin_and_arabic_punctuation():
    assert sentences("Plus de bus. Et des vélos ! هل يمكن؟ نعم") == ["Plus de bus.", "Et des vélos !", "هل يمكن؟", "نعم"]
