"""Mandate triage: is a request for the municipality, or for the region or the state?

Two signals are combined: multilingual term rules from the competence taxonomy (precise, and they
say which words triggered the flag) and a character n-gram classifier trained on a labelled set of
short requests (which catches paraphrases and inflected forms the rules miss). Moderator corrections
are added to the training data, so later runs learn from them."""
import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from .competences import OUTSIDE_MANDATE, CompetenceMap, taxonomy
from .text import normalise

LABELLED = Path(__file__).parent / "data" / "triage_labelled.csv"
NATIONAL_PROCEDURES = {"asylum", "residence_permits", "visas_borders", "citizenship", "detention_removal",
                       "social_security_labour"}
CLAUSE_SPLIT = re.compile(r"[;.!?؟]\s*|,\s+|\s+(?:and|et|y|i|und|and also|ainsi que|و)\s+", re.IGNORECASE)
MIN_CONFIDENCE = 0.25


@dataclass
class Triage:
    level: str  # municipal, shared, regional, national or undetermined
    category: str
    confidence: float
    refer_to: str
    matched_terms: list[str]
    mixed: bool = False
    parts: list[dict] = field(default_factory=list)
    support_frame: bool = False  # help with a national procedure: something the city can do


@dataclass
class Guess:
    category: str
    confidence: float
    matched_terms: list[str]


def read_labelled(path: Path = LABELLED) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class TriageModel:
    """Rules + classifier for one taxonomy; corrections are (text, category[, level]) tuples."""

    def __init__(self, examples: list[dict] | None = None, corrections=(), seed: int = 0):
        self.categories = [c["id"] for c in taxonomy()["categories"]]
        texts, labels = self._training_data(read_labelled() if examples is None else examples, corrections)
        self.classifier = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), preprocessor=normalise, sublinear_tf=True,
                            min_df=1),
            LogisticRegression(C=20, max_iter=3000, random_state=seed),
        ).fit(texts, labels)
        self.classes = [str(c) for c in self.classifier.classes_]

    def _training_data(self, examples, corrections):
        texts = [row["text"] for row in examples]
        labels = [row["category"] for row in examples]
        for category in taxonomy()["categories"]:  # every keyword is a (very short) example too
            for terms in category["terms"].values():
                texts.extend(terms)
                labels.extend([category["id"]] * len(terms))
        for correction in corrections:  # a moderator's word counts three times
            texts.extend([correction[0]] * 3)
            labels.extend([correction[1]] * 3)
        return texts, labels

    def guess(self, text: str) -> Guess:
        """The most likely category, its confidence, and the taxonomy terms found in the text."""
        return self.guess_many([text])[0]

    def guess_many(self, texts: list[str]) -> list[Guess]:
        """Guesses for many texts with one classifier call (the costly part)."""
        if not texts:
            return []
        probabilities = self.classifier.predict_proba(texts)
        return [self._combine(dict(zip(self.classes, row)), matched_terms(text))
                for text, row in zip(texts, probabilities)]

    @staticmethod
    def _combine(scores: dict, matched: dict) -> Guess:
        """Half classifier, half rules when terms matched; categories without a matched term are halved."""
        if matched:
            total = sum(len(t) for t in matched.values())
            scores = {c: (0.5 * p + 0.5 * len(matched[c]) / total) if c in matched else 0.5 * p
                      for c, p in scores.items()}
        best = max(scores, key=scores.get)
        return Guess(best, float(scores[best]), matched.get(best, []))

    def triage(self, text: str, competence_map: CompetenceMap) -> Triage:
        return self.triage_many([text], competence_map)[0]

    def triage_many(self, texts: list[str], competence_map: CompetenceMap) -> list[Triage]:
        wholes = self.guess_many(texts)
        clauses = [[c.strip() for c in CLAUSE_SPLIT.split(t) if len(c.split()) >= 2] for t in texts]
        flat = self.guess_many([c for cs in clauses for c in cs if len(cs) > 1])
        results, position = [], 0
        for text, whole, parts in zip(texts, wholes, clauses):
            guesses = []
            if len(parts) > 1:
                guesses, position = flat[position:position + len(parts)], position + len(parts)
            results.append(self._triage_one(text, whole, list(zip(parts, guesses)), competence_map))
        return results

    def _triage_one(self, text, whole: Guess, clause_guesses, competence_map) -> Triage:
        if whole.confidence < MIN_CONFIDENCE and not whole.matched_terms:
            return Triage("undetermined", "", round(whole.confidence, 3), "", [])
        result = self._decide(whole, text, competence_map)
        parts = self._parts(clause_guesses, competence_map)
        if len(parts) > 1 and {p["outside"] for p in parts} == {True, False}:
            result.mixed = True
            result.parts = [{k: v for k, v in p.items() if k != "outside"} for p in parts]
        return result

    def _decide(self, guess: Guess, text: str, competence_map: CompetenceMap) -> Triage:
        competence = competence_map.competences[guess.category]
        triage = Triage(competence.level, guess.category, round(guess.confidence, 3), "", guess.matched_terms)
        if competence.level in OUTSIDE_MANDATE:
            triage.refer_to = competence.authority
            if guess.category in NATIONAL_PROCEDURES and _has(text, "support_frames") and not _has(text, "decision_verbs"):
                triage.level, triage.support_frame = "municipal", True
                triage.refer_to = ""
        return triage

    @staticmethod
    def _parts(clause_guesses, competence_map: CompetenceMap) -> list[dict]:
        """Clauses of the request that point to different levels ("Arabic classes and faster permits")."""
        found, seen = [], set()
        for clause, guess in clause_guesses:
            if guess.category in seen or (guess.confidence < 0.35 and not guess.matched_terms):
                continue
            seen.add(guess.category)
            level = competence_map.competences[guess.category].level
            found.append({"text": clause, "category": guess.category, "level": level,
                          "outside": level in OUTSIDE_MANDATE})
        return found


def matched_terms(text: str) -> dict[str, list[str]]:
    """Category → taxonomy terms found in the text (two combined regular expressions, longest first)."""
    clean = normalise(text)
    latin, arabic, owners = _term_patterns()
    found: dict[str, list[str]] = {}
    for pattern in (latin, arabic):
        for match in pattern.finditer(clean):
            key = match.group(1)
            for category, term in owners.get(key, ()):
                if term not in found.setdefault(category, []):
                    found[category].append(term)
    return found


@lru_cache(maxsize=1)
def _term_patterns():
    """One alternation for Latin-script terms (whole words, optional plural ending) and one for Arabic,
    which attaches articles and prepositions to words and so is matched inside words."""
    owners: dict[str, list[tuple[str, str]]] = {}
    latin, arabic = set(), set()
    for category in taxonomy()["categories"]:
        for language, terms in category["terms"].items():
            for term in terms:
                key = normalise(term)
                owners.setdefault(key, []).append((category["id"], term))
                (arabic if language == "ar" else latin).add(key)

    def alternation(keys):
        return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))

    return (re.compile(rf"(?<!\w)({alternation(latin)})(?:s|es|x)?(?!\w)"),
            re.compile(rf"({alternation(arabic)})"), owners)


@lru_cache(maxsize=None)
def _frame_patterns(kind: str):
    terms = [t for terms in taxonomy()[kind].values() for t in terms]
    return re.compile("|".join(rf"(?<!\w){re.escape(normalise(t))}" for t in terms))


def _has(text: str, kind: str) -> bool:
    return bool(_frame_patterns(kind).search(normalise(text)))


@lru_cache(maxsize=1)
def default_model() -> TriageModel:
    return TriageModel()


def evaluate(test_share: float = 0.25, seed: int = 0) -> dict:
    """Accuracy on a held-out part of the labelled set, split by request (its rephrasings stay together)."""
    rows = read_labelled()
    groups = sorted({r["group"] for r in rows})
    rng = np.random.default_rng(seed)
    test_groups = set(rng.choice(groups, size=int(len(groups) * test_share), replace=False))
    train = [r for r in rows if r["group"] not in test_groups]
    test = [r for r in rows if r["group"] in test_groups]
    model = TriageModel(train, seed=seed)
    correct = [model.guess(r["text"]).category == r["category"] for r in test]
    by_language = {}
    for row, ok in zip(test, correct):
        by_language.setdefault(row["language"], []).append(ok)
    return {"accuracy": round(float(np.mean(correct)), 3), "test_size": len(test),
            "by_language": {k: round(float(np.mean(v)), 3) for k, v in sorted(by_language.items())}}
