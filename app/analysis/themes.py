"""Themes: clusters of a consultation's submissions, each with a readable label, its most
representative submissions and an extractive summary that cites where every sentence came from."""
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans, kmeans_plusplus
from sklearn.metrics import adjusted_rand_score

from . import PARAMETERS_VERSION
from .text import sentences
from .vectors import Corpus, prepare, smoothed, tfidf

LARGE = 30_000  # above this many texts, mini-batch k-means keeps time and memory bounded


@dataclass
class SummarySentence:
    text: str
    source: str  # id of the submission the sentence was taken from


@dataclass
class Theme:
    id: int
    label: str
    terms: list[str]
    labels_by_language: dict[str, str]
    size: int
    members: list[str]
    representatives: list[str]
    summary: list[SummarySentence]
    languages: dict[str, int]


@dataclass
class ThemeResult:
    assignments: list[int]
    themes: list[Theme]
    k: int
    k_chosen_automatically: bool
    parameters: dict = field(default_factory=dict)


def find_themes(texts: list[str], ids: list[str] | None = None, k: int | None = None, seed: int = 0,
                languages: list[str] | None = None, n_terms: int = 4, progress=None) -> ThemeResult:
    """Cluster texts into k themes (chosen automatically when k is None) and describe each theme."""
    ids = [str(i) for i in (ids or range(len(texts)))]
    if len(texts) < 2:
        return _trivial(texts, ids)
    step = progress or (lambda message: None)
    step("preparing texts")
    corpus = prepare(texts, languages)
    raw, kept = tfidf(corpus.counts)
    if not raw.shape[1]:
        return _wordless(texts, ids, seed)
    step("building document vectors")
    vectors = smoothed(raw, seed=seed)
    automatic = k is None
    reason, stability = f"k={k} was asked for", {}
    if automatic:
        k, reason, stability = k_by_stability(vectors, seed=seed)
    k = int(min(k, len(texts)))
    step(f"clustering into {k} themes")
    labels = cluster(vectors, k, seed)
    step("describing themes")
    terms = [corpus.surface(j) for j in kept]
    overall = np.asarray(raw.mean(axis=0)).ravel() + 1e-9  # once, not once per theme and language
    themes = [describe(c, labels, raw, vectors, terms, corpus, ids, n_terms, overall) for c in range(k)]
    params = {"k": k, "k_reason": reason, "k_stability": {str(kk): v for kk, v in stability.items()}, "seed": seed,
              "smoothing": 0.3, "neighbours": 10, "lsa_dims": 64, "keep": 40, "max_df": 0.5,
              "version": PARAMETERS_VERSION}
    return ThemeResult(labels.tolist(), [t for t in themes if t.size], k, automatic, params)


def cluster(vectors, k: int, seed: int = 0, sample: int = 3000, passes: int = 15) -> np.ndarray:
    """Spherical k-means on unit vectors. On large inputs the k-means++ seeding runs on a random
    sample (seeding is a third of the cost on all texts, and seeds from a sample gave the same or
    better NMI on the Barcelona set), then Lloyd's passes on everything, at most `passes` of them:
    the 15 to 30 passes that follow until convergence changed NMI by less than ±0.006 per seed on
    the Barcelona set, for twice the time."""
    n = vectors.shape[0]
    if n > LARGE:
        return MiniBatchKMeans(k, random_state=seed, n_init=3, batch_size=4096, max_iter=100).fit_predict(vectors)
    if n <= 2 * sample:
        return KMeans(k, random_state=seed, n_init=1 if n > 2000 else 4).fit_predict(vectors)
    rows = np.random.default_rng(seed).choice(n, sample, replace=False)
    # In float64: scikit-learn's distances on float32 sparse rows convert them chunk by chunk, which
    # made the seeding cost six times more (0.08 s against 0.015 s on the Barcelona set), same centres.
    centres, _ = kmeans_plusplus(vectors[rows].astype(np.float64), k, random_state=seed)
    return KMeans(k, init=centres.astype(vectors.dtype), n_init=1, max_iter=passes,
                  random_state=seed).fit_predict(vectors)


def choose_k(vectors, seed: int = 0, sample: int = 3000, repeats: int = 3) -> int:
    """The k whose themes are the most stable under resampling (see `k_by_stability`)."""
    return k_by_stability(vectors, seed, sample, repeats)[0]


def k_by_stability(vectors, seed: int = 0, sample: int = 3000, repeats: int = 3) -> tuple[int, str, dict]:
    """(k, reason, stability by k): for each candidate k, k-means runs on two different random 70%
    subsamples, and the adjusted Rand index between their themes on the texts both saw measures how
    reproducible the themes are; the most reproducible k wins. Unlike the silhouette on sparse text,
    which keeps rising with k, reproducibility falls once themes start splitting at random.

    Candidates run from √n/8 (so that a large consultation is not summed up in two themes) to √n,
    at most 50; every k sees the same subsamples."""
    n = vectors.shape[0]
    if n < 6:
        return max(1, n // 2), "too few texts to compare groupings", {}
    high = max(3, min(50, int(np.sqrt(n))))
    low = min(max(2, int(np.sqrt(n) / 8)), high - 1)
    candidates = sorted(set(np.linspace(low, high, num=min(6, high - low + 1)).astype(int)))
    rng = np.random.default_rng(seed)
    rows = rng.choice(n, size=min(sample, n), replace=False)
    pairs = [(rng.choice(rows, int(0.7 * len(rows)), replace=False), rng.choice(rows, int(0.7 * len(rows)), replace=False))
             for _ in range(repeats)]
    # The subsamples in float64, once for every k: k-means++ seeding on float32 sparse rows is slow (see `cluster`)
    pairs = [tuple(vectors[part].astype(np.float64) for part in (a, b, np.intersect1d(a, b))) for a, b in pairs]
    stability = {}
    for k in candidates:
        scores = []
        for r, (a, b, both) in enumerate(pairs):
            if k >= both.shape[0]:
                continue
            first = KMeans(k, random_state=seed + r, n_init=1, max_iter=30).fit(a)
            second = KMeans(k, random_state=seed + 100 + r, n_init=1, max_iter=30).fit(b)
            scores.append(adjusted_rand_score(first.predict(both), second.predict(both)))
        if scores:
            stability[k] = round(float(np.mean(scores)), 3)
    if not stability:
        return low, "too few texts to compare groupings", {}
    best = max(stability, key=lambda k: (stability[k], -k))
    others = ", ".join(f"k={k}: {v:.2f}" for k, v in stability.items() if k != best)
    reason = (f"k={best} gives the most reproducible themes: adjusted Rand index {stability[best]:.2f} between "
              f"runs on two random 70% subsamples (others: {others})")
    return best, reason, stability


def describe(c: int, labels, raw, vectors, terms, corpus: Corpus, ids, n_terms: int, overall) -> Theme:
    members = np.flatnonzero(labels == c)
    if not len(members):
        return Theme(c, "", [], {}, 0, [], [], [], {})
    words = distinctive_terms(raw, members, terms, corpus, n_terms, overall)
    by_language = {}
    languages = _count(corpus.languages[i] for i in members)
    for lang, count in languages.items():
        if count >= max(1, 0.2 * len(members)):
            subset = np.array([i for i in members if corpus.languages[i] == lang])
            by_language[lang] = ", ".join(distinctive_terms(raw, subset, terms, corpus, n_terms, overall))
    centre = np.asarray(vectors[members].mean(axis=0)).ravel()
    closeness = vectors[members] @ centre
    order = members[np.argsort(-closeness)]
    return Theme(c, ", ".join(words), words, by_language, len(members), [ids[i] for i in members],
                 [ids[i] for i in order[:3]], summarise(order[:20], corpus, ids, raw, terms, words), languages)


def distinctive_terms(raw, members, terms, corpus: Corpus, n: int, overall) -> list[str]:
    """Terms much more frequent in the theme than overall (a class-based TF-IDF), as surface words;
    `overall` is the corpus's mean term weight (plus a tiny amount against division by zero)."""
    inside = np.asarray(raw[members].mean(axis=0)).ravel()
    score = inside * np.log1p(inside / overall)
    best = np.argsort(-score)[:n]
    return [terms[i] for i in best if score[i] > 0]


def summarise(candidates, corpus: Corpus, ids, raw, terms, label_words, length: int = 3) -> list[SummarySentence]:
    """Up to three sentences, from different submissions, that carry most of the theme's terms."""
    keywords = set(label_words)
    picked, used = [], set()
    scored = []
    for rank, i in enumerate(candidates):
        for sentence in sentences(corpus.texts[i])[:6]:
            found = {w for w in keywords if w in sentence.lower()}
            scored.append((-len(found), rank, len(sentence), i, sentence))
    for _, _, _, i, sentence in sorted(scored):
        if i in used or len(sentence) > 400:
            continue
        picked.append(SummarySentence(sentence, ids[i]))
        used.add(i)
        if len(picked) == length:
            break
    return picked


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def _wordless(texts, ids, seed: int) -> ThemeResult:
    """Texts without a word to tell them apart (numbers, emoji): one unlabelled theme holding them all."""
    theme = Theme(0, "", [], {}, len(texts), ids, ids[:3], [], {})
    return ThemeResult([0] * len(texts), [theme], 1, True,
                       {"k": 1, "k_reason": "no word is shared by enough of the texts to group them by",
                        "seed": seed, "version": PARAMETERS_VERSION})


def _trivial(texts, ids) -> ThemeResult:
    if not texts:
        return ThemeResult([], [], 0, True)
    theme = Theme(0, "", [], {}, 1, ids, ids, [SummarySentence(texts[0][:400], ids[0])], {})
    return ThemeResult([0], [theme], 1, True)
