"""Themes on small hand-checkable corpora, and the quality bar on the Barcelona proposals."""
import csv

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from app.analysis.themes import choose_k, find_themes
from app.analysis.vectors import prepare, smoothed, strongest, tfidf

TOPICS = {
    "bus": ["More night buses to the industrial zone", "The bus line 12 should run every ten minutes",
            "Night buses are too rare on line 12", "Cheaper bus tickets for students",
            "A bus stop near the market", "Bus drivers should wait for students at night"],
    "school": ["More places in the public school for newcomer children", "Free school canteen for every child",
               "The school canteen should serve halal meals", "Homework help at school for newcomer children",
               "Repair the school roof before winter", "School places for children who arrive mid-year"],
    "park": ["Plant more trees in the park and add benches", "Clean the park every morning",
             "More benches and shade trees in the park", "Open the park gates later in summer",
             "A playground for small children in the park", "Water fountains in the park for summer"],
}
FRENCH = ["Plus de bus de nuit vers la zone industrielle", "La ligne de bus 12 doit passer plus souvent la nuit",
          "Des bus de nuit plus fréquents sur la ligne 12", "Un arrêt de bus près du marché de nuit"]


def corpus():
    texts, truth = [], []
    for topic, items in TOPICS.items():
        texts += items
        truth += [topic] * len(items)
    return texts, truth


def test_recovers_obvious_topics():
    texts, truth = corpus()
    result = find_themes(texts, k=3)
    assert adjusted_rand_score(truth, result.assignments) == 1.0
    labels = " ".join(t.label for t in result.themes)
    assert "bus" in labels and "park" in labels


def test_theme_describes_itself_with_surface_words_and_cited_summary():
    texts, _ = corpus()
    ids = [f"p{i}" for i in range(len(texts))]
    result = find_themes(texts, ids=ids, k=3)
    for theme in result.themes:
        assert theme.size == len(theme.members) == 6
        assert set(theme.representatives) <= set(theme.members)
        assert theme.summary and all(s.source in theme.members for s in theme.summary)
        assert all(s.text in texts[ids.index(s.source)] for s in theme.summary)
        assert theme.languages == {"en": 6}
    assert sum(t.size for t in result.themes) == len(texts)


def test_a_multilingual_theme_is_labelled_in_each_of_its_languages():
    texts, _ = corpus()
    result = find_themes(texts + FRENCH, languages=["en"] * len(texts) + ["fr"] * len(FRENCH), k=3)
    bus = next(t for t in result.themes if "bus" in t.label)
    assert bus.languages == {"en": 6, "fr": 4}
    assert "bus" in bus.labels_by_language["fr"] and set(bus.labels_by_language) == {"en", "fr"}


def test_run_is_reproducible_and_records_its_parameters():
    texts, _ = corpus()
    first, second = find_themes(texts, k=3, seed=4), find_themes(texts, k=3, seed=4)
    assert first.assignments == second.assignments
    assert first.parameters["seed"] == 4 and first.parameters["version"]


def test_k_is_chosen_automatically_within_range():
    texts, truth = corpus()
    result = find_themes(texts * 3)
    assert result.k_chosen_automatically and 2 <= result.k <= 9


def test_trivial_inputs():
    assert find_themes([]).themes == []
    assert find_themes(["Only one proposal"]).assignments == [0]


def test_prepare_counts_stems_per_language_and_keeps_surfaces():
    corpus_ = prepare(["les écoles et l'école", "schools and the school"], ["fr", "en"])
    columns = {corpus_.surfaces[j] for j in range(len(corpus_.stems))}
    assert corpus_.counts.shape == (2, 2) and columns == {"école", "school"}


def test_tfidf_drops_words_too_common_or_too_rare():
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = ["alpha", "bravo", "charlie"]
    texts = [f"common {names[i % 3]} zz{letters[i // 26]}{letters[i % 26]}" for i in range(60)]
    corpus_ = prepare(texts, ["en"] * 60)
    matrix, kept = tfidf(corpus_.counts)
    surfaces = {corpus_.surfaces[j] for j in kept}
    # 'common' is in every text (> max_df), most zz-words in one (< min_df); the names stay
    assert set(names) <= surfaces and "common" not in surfaces and len(surfaces) < 10
    assert matrix.shape == (60, len(kept))


def test_strongest_keeps_top_entries_per_row():
    import scipy.sparse as sp

    m = sp.csr_matrix(np.array([[0.1, 0.5, 0.3, 0.0], [0.9, 0.0, 0.0, 0.2]]))
    top = strongest(m, 2).toarray()
    assert np.allclose(top, [[0, 0.5, 0.3, 0], [0.9, 0, 0, 0.2]])


def test_strongest_matches_a_row_by_row_sort_whatever_the_row_lengths():
    """Rows shorter than `keep`, empty rows, and long rows of every length spread over several blocks."""
    import scipy.sparse as sp

    rng = np.random.default_rng(3)
    m = sp.random(300, 200, density=0.1, format="csr", random_state=4, dtype=np.float64)
    m = sp.vstack([m, sp.csr_matrix((2, 200)), sp.random(50, 200, density=0.9, format="csr", random_state=5)]).tocsr()
    m.data = rng.permutation(len(m.data)) + 1.0  # distinct values: one right answer per row
    for keep, chunk in ((5, 7), (20, 1024), (250, 3)):
        top = strongest(m, keep, chunk=chunk).toarray()
        dense = m.toarray()
        for row, expected in zip(top, dense):
            largest = np.sort(expected[expected > 0])[::-1][:keep]
            assert np.array_equal(row, np.where(expected >= largest[-1], expected, 0) if len(largest) else expected)


def test_strongest_never_takes_from_the_next_row_when_a_value_is_not_a_number():
    import scipy.sparse as sp

    m = sp.csr_matrix(np.array([[np.nan, np.nan, 1.0, 0, 0], [1.0, 2.0, 3.0, 4.0, 5.0]]))
    top = strongest(m, 2)
    assert np.array_equal(top.toarray()[1], [0, 0, 0, 4.0, 5.0])
    assert top.getrow(0).nnz <= 2 and 1.0 in top.getrow(0).data


def test_smoothed_vectors_are_unit_length():
    texts, _ = corpus()
    matrix, _ = tfidf(prepare(texts).counts)
    norms = np.sqrt(np.asarray(smoothed(matrix).multiply(smoothed(matrix)).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0, atol=1e-5)


def test_texts_without_words_make_one_unlabelled_theme_instead_of_failing():
    """Numbers and emoji only (it happens in a consultation): scikit-learn refused a matrix of no column."""
    for k in (None, 2):
        result = find_themes(["", "42", "!!", "👍"], ids=["a", "b", "c", "d"], k=k)
        assert result.assignments == [0, 0, 0, 0] and result.k == 1
        assert result.themes[0].members == ["a", "b", "c", "d"] and result.themes[0].label == ""
        assert result.parameters["k_reason"]


def test_choose_k_on_tiny_input():
    import scipy.sparse as sp

    assert choose_k(sp.csr_matrix(np.eye(4))) == 2


def read_barcelona(datasets):
    rows = []
    for part in (1, 2):
        path = datasets / "decidim-barcelona-2016" / f"decidim_barcelona_pam2016_proposals_part{part}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return [r["title"] + ". " + r["summary"] for r in rows], [r["subcategory"].strip() for r in rows]


def test_barcelona_nmi_beats_plain_tfidf_kmeans_by_half(datasets):
    """Averaged over four seeds for both methods, so that no lucky seed decides."""
    texts, truth = read_barcelona(datasets)
    assert len(texts) == 10860 and len(set(truth)) == 29
    plain_vectors = TfidfVectorizer(min_df=2, max_df=0.5, sublinear_tf=True).fit_transform(texts)
    seeds = range(4)
    plain = np.mean([normalized_mutual_info_score(truth, KMeans(29, random_state=s).fit_predict(plain_vectors))
                     for s in seeds])
    ours = np.mean([normalized_mutual_info_score(truth, find_themes(texts, k=29, seed=s).assignments)
                    for s in seeds])
    assert ours >= 1.5 * plain, (ours, plain)


def test_automatic_k_is_chosen_by_stability_and_says_why():
    texts, _ = corpus()
    result = find_themes(texts * 3)
    assert "reproducible" in result.parameters["k_reason"]
    stability = result.parameters["k_stability"]
    assert stability and str(result.k) in stability
    assert stability[str(result.k)] == max(stability.values())  # the most stable k, not the largest


def test_fast_language_detection_agrees_with_lingua_on_mixed_collections():
    from app.analysis.text import detect_languages, detect_languages_fast

    catalan = ["Més places a l'escola bressol pública del barri i més horaris per a les famílies",
               "Millorar la neteja dels carrers del barri amb més contenidors i més freqüència"]
    spanish = ["Más plazas en la escuela infantil pública del barrio y más horarios para las familias",
               "Mejorar la limpieza de las calles del barrio con más contenedores y más frecuencia"]
    texts = (catalan * 300 + spanish * 150)
    assert detect_languages_fast(texts) == detect_languages(texts)


def test_count_words_gives_scikit_learns_matrix_and_vocabulary():
    """The hand-written counter replaces CountVectorizer for speed only: same words, same order, same counts."""
    from sklearn.feature_extraction.text import CountVectorizer

    from app.analysis.text import WORD, readable
    from app.analysis.vectors import count_words

    texts = ["L'escola del barri necessita més espais verds, i l'escola vella també.", "",
             "Más carriles bici en la calle Mayor; más árboles.", "123 456", "المزيد من الحدائق في الحي، الحدائق",
             "Des logements sociaux près de l'école ÉCOLE école"]
    reference = CountVectorizer(preprocessor=readable, lowercase=False, token_pattern=WORD.pattern)
    expected = reference.fit_transform(texts).toarray()
    counts, words = count_words(texts)
    assert list(words) == list(reference.get_feature_names_out())
    assert np.array_equal(counts.toarray(), expected)
    empty, no_words = count_words(["", "42 !"])
    assert empty.shape == (2, 0) and len(no_words) == 0
