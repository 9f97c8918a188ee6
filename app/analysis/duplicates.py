"""Near-duplicates: copies and near-copies (campaign letters, lightly edited re-posts) grouped so
that 300 copies count as one argument with 300 co-signers; with cross-lingual linking, the same
request written in Arabic and in French joins the same group (see `crosslingual`)."""
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .text import normalise

DEFAULT_THRESHOLD = 0.8


@dataclass
class DuplicateGroup:
    id: int
    members: list[str]
    representative: str  # the longest text of the group, the most complete version
    languages: list[str] = field(default_factory=list)  # more than one: linked across languages

    @property
    def count(self) -> int:
        return len(self.members)


def find_duplicates(texts: list[str], ids: list[str] | None = None, threshold: float = DEFAULT_THRESHOLD,
                    chunk: int = 2000, languages: list[str] | None = None, cross_lingual: str = "off",
                    links: list | None = None) -> list[DuplicateGroup]:
    """Groups of two or more texts whose word 1-2-gram cosine similarity reaches the threshold.

    Similarity is transitive through the group (single linkage): a chain of small edits stays one
    campaign. Texts without a near-copy belong to no group. `cross_lingual` ('auto', 'on' or 'off')
    also joins texts that ask for the same thing in two languages; `links` passes such links
    already computed."""
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    ids = [str(i) for i in (ids or range(len(texts)))]
    vectors = _shingles(texts)
    if vectors is None:
        return []
    parent = np.arange(len(texts))
    for start in range(0, len(texts), chunk):
        block = vectors[start:start + chunk] @ vectors.T
        rows, cols = (block >= threshold - 1e-6).nonzero()
        for row, col in zip(rows + start, cols):
            if row < col:
                _union(parent, row, col)
    languages = list(languages) if languages else None
    if links is None and cross_lingual != "off":
        from .crosslingual import cross_lingual_links, should_link
        from .text import detect_languages

        languages = languages or detect_languages(texts)
        links = cross_lingual_links(texts, ids, languages) if should_link(languages, cross_lingual) else []
    position = {i: n for n, i in enumerate(ids)}
    for link in links or ():
        _union(parent, position[link.a], position[link.b])
    return _groups(parent, texts, ids, languages)


def assignments(groups: list[DuplicateGroup], ids: list[str]) -> dict[str, int | None]:
    """id → group id (None for texts with no near-copy)."""
    owner = {member: group.id for group in groups for member in group.members}
    return {str(i): owner.get(str(i)) for i in ids}


def _shingles(texts):
    vectorizer = TfidfVectorizer(preprocessor=normalise, ngram_range=(1, 2), use_idf=False,
                                 token_pattern=r"(?u)\b\w+\b", dtype=np.float32)
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # only empty texts
        return None


def _find(parent, i):
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent, a, b) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


def _groups(parent, texts, ids, languages=None) -> list[DuplicateGroup]:
    members: dict[int, list[int]] = {}
    for i in range(len(texts)):
        members.setdefault(_find(parent, i), []).append(i)
    groups = [m for m in members.values() if len(m) > 1]
    groups.sort(key=lambda m: (-len(m), m[0]))
    return [DuplicateGroup(n, [ids[i] for i in m], ids[max(m, key=lambda i: len(texts[i] or ""))],
                           sorted({languages[i] for i in m}) if languages else [])
            for n, m in enumerate(groups)]
