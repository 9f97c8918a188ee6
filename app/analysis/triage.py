"""Mandate triage: does a request ask for something the municipality can do, or the region or the state?

The level is decided by the act requested, found in the request's title first and then in its
sentences in order: a request is outside the mandate only when what it asks for is an act that
another level performs under the city's map (change a law, grant a permit or the vote, run
detention, build a metro station, staff a hospital; see `acts`). A topic or a population never
decides the level on its own: "a municipal plan to receive refugees" asks the city for a plan.
In a title, the first act named is what is asked for (Spanish and French titles name the head
first: "Parada de autobús junto al metro" asks for a bus stop), and a place named as a landmark
("junto al metro", "hasta el hospital") is not an act. The city's own act placed on another level's
road or railway ("a crossing over the M-40") needs that owner too, so it is shared. Everything not
clearly outside is municipal or shared, with a confidence and `needs_review` when unsure.

A character n-gram classifier, trained on short labelled sentences and on the taxonomy's terms,
only names the category (the topic) when no act is found; moderator corrections override both."""
import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from .acts import ActLexicon, ActMatch, fold
from .competences import OUTSIDE_MANDATE, CompetenceMap, taxonomy
from .text import detect_languages, normalise, sentences

LABELLED = Path(__file__).parent / "data" / "triage_labelled.csv"
CLAUSE_SPLIT = re.compile(r"[;.!?؟]\s*|,\s+|\s+(?:and|et|y|i|und|and also|ainsi que|و)\s+", re.IGNORECASE)
COORDINATION = re.compile(r"^\s*(?:[,/+&]|(?:y|o|e|i|u|and|or|et|ou|und|oder|و|او)(?!\w))\s*$")
CROSSING = re.compile(r"pasarela|puente|tunel|paso (?:elevado|subterraneo|inferior|superior)|passarel|pont|passerelle|bridge|footbridge")
CROSSED = {"railways", "state_roads", "regional_roads", "metro"}
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
    act: str = ""  # the act the level was decided on ("" when no act was found)
    needs_review: bool = False
    reason: str = ""


@dataclass
class Guess:
    category: str
    confidence: float
    matched_terms: list[str]


def read_labelled(path: Path = LABELLED) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class TriageModel:
    """Act rules decide the level; a classifier names the topic when no act is found; corrections are
    (text, category[, level]) tuples from moderators, which win for that text."""

    def __init__(self, examples: list[dict] | None = None, corrections=(), seed: int = 0):
        self.categories = [c["id"] for c in taxonomy()["categories"]]
        texts, labels = self._training_data(read_labelled() if examples is None else examples, corrections)
        self.classifier = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), preprocessor=normalise, sublinear_tf=True,
                            min_df=1),
            LogisticRegression(C=20, max_iter=3000, random_state=seed),
        ).fit(texts, labels)
        self.classes = [str(c) for c in self.classifier.classes_]
        self.corrections = {fold(c[0]).strip(): (c[1], c[2] if len(c) > 2 else None) for c in corrections}

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
        """The most likely category (topic) and its probability, with the taxonomy terms found."""
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
        """Half classifier, half taxonomy terms when terms matched."""
        if matched:
            total = sum(len(t) for t in matched.values())
            scores = {c: (0.5 * p + 0.5 * len(matched[c]) / total) if c in matched else 0.5 * p
                      for c, p in scores.items()}
        best = max(scores, key=scores.get)
        return Guess(best, float(scores[best]), matched.get(best, []))

    def triage(self, text: str, competence_map: CompetenceMap, title: str | None = None) -> Triage:
        return self.triage_many([text], competence_map, None if title is None else [title])[0]

    def triage_many(self, texts: list[str], competence_map: CompetenceMap,
                    titles: list[str] | None = None) -> list[Triage]:
        """Triage of many requests; with `titles`, each title is read before its text."""
        lexicon = lexicon_for(competence_map)
        requests = [_units(text, title) for text, title in zip(texts, titles or [None] * len(texts))]
        languages = detect_languages([" ".join(units)[:1000] for units in requests])
        decisions = [decide(units, lexicon, competence_map, _languages(language, competence_map, lexicon))
                     for units, language in zip(requests, languages)]
        unsure = [i for i, d in enumerate(decisions) if d is None]
        guesses = dict(zip(unsure, self.guess_many([" ".join(requests[i]) for i in unsure])))
        results = []
        for i, units in enumerate(requests):
            result = decisions[i] or _by_topic(guesses[i], competence_map, len(" ".join(units).split()))
            corrected = self.corrections.get(fold(" ".join(units)).strip())
            if corrected:
                result = _corrected(result, corrected, competence_map)
            results.append(result)
        return results


def _units(text: str, title: str | None) -> list[str]:
    """The title (or the first sentence), then the sentences of the text."""
    parts = sentences(text)
    if title and title.strip():
        return [title.strip()] + parts
    return parts or [text or ""]


def _languages(language: str, competence_map: CompetenceMap, lexicon: ActLexicon) -> set[str] | None:
    """The request's own language and the city's; every language when the request's is unknown."""
    if language not in lexicon.languages:
        return None
    return {language, *competence_map.languages}


def lexicon_for(competence_map: CompetenceMap) -> ActLexicon:
    return _lexicon(competence_map.country, competence_map.slug)


@lru_cache(maxsize=None)
def _lexicon(country: str, city: str) -> ActLexicon:
    spec = CompetenceMap.spec(city) if city else {}
    return ActLexicon(country, spec.get("acts", ()), {k: tuple(v) for k, v in spec.get("act_overrides", {}).items()},
                      spec.get("municipal_acts", ()))


def level_of(match: ActMatch, competence_map: CompetenceMap) -> str:
    """An act's level in this city: its own, or its category's for acts whose level is the map's.
    Acts the city performs never take an outside level from their category's map."""
    act = match.act
    level = competence_map.competences[act.category].level if act.level == "map" else act.level
    if not act.reserved and level in OUTSIDE_MANDATE:
        return "municipal"
    return level


def decide(units: list[str], lexicon: ActLexicon, competence_map: CompetenceMap, languages=None) -> Triage | None:
    """The level of the first act asked for, title first; None when no act is named at all."""
    found = [lexicon.find(unit, languages) for unit in units]
    everything = [m for matches in found for m in matches]
    for position, matches in enumerate(found):
        acts = [m for m in matches if not m.landmark]
        if acts:
            result = _decide_unit(acts, everything, units[position], competence_map, title=position == 0)
            result.parts, result.mixed = _parts(units, lexicon, competence_map, languages)
            return result
    return None


def _decide_unit(acts, everything, unit, competence_map, title: bool) -> Triage:
    head = acts[0]
    level = level_of(head, competence_map)
    reserved = [m for m in acts if m.act.reserved and level_of(m, competence_map) in OUTSIDE_MANDATE]
    own = [m for m in acts if not m.act.reserved]
    terms = list(dict.fromkeys(m.text for m in acts))
    support = next((m for m in acts if m.act.support), None)
    category = head.act.category
    if support and reserved:  # "legal advice for asylum applications": the city can help with that
        return Triage("municipal", reserved[0].act.category, 0.8, "", terms, support_frame=True,
                      act=support.act.description, reason=f"help with a procedure ({reserved[0].text}) is the city's own act")
    if level in OUTSIDE_MANDATE:
        bundled = _coordinated(head, acts, unit, reserved=False)
        if bundled:
            return Triage("shared", category, 0.6, _authority(head, competence_map), terms, act=head.act.description,
                          needs_review=True, reason=f"asks for {head.text} together with {bundled.text}, a municipal act")
        confidence = (0.9 if not own else 0.7) if title else (0.7 if not own else 0.5)
        return Triage(level, category, confidence, _authority(head, competence_map), terms, act=head.act.description,
                      needs_review=confidence < 0.7, reason=f"asks for '{head.text}': {head.act.description}")
    crossed = [m for m in everything if m.act.id in CROSSED]
    if CROSSING.match(head.text) and crossed:
        return Triage("shared", category, 0.6, _authority(crossed[0], competence_map), terms, act=head.act.description,
                      needs_review=True, reason=f"a crossing over {crossed[0].text}, which another level owns")
    on_theirs = _on_another_levels_land(head, acts, competence_map)
    if on_theirs:
        return Triage("shared", category, 0.6, _authority(on_theirs, competence_map), terms, act=head.act.description,
                      needs_review=True, reason=f"asks for {head.text} {on_theirs.text}, which another level owns")
    bundled = _coordinated(head, acts, unit, reserved=True)
    if bundled and level_of(bundled, competence_map) in OUTSIDE_MANDATE:
        return Triage("shared", category, 0.6, _authority(bundled, competence_map), terms, act=head.act.description,
                      needs_review=True, reason=f"asks for {head.text} together with {bundled.text}")
    confidence = (0.8 if not reserved else 0.6) if title else (0.6 if not reserved else 0.5)
    return Triage(level, category, confidence, "", terms, act=head.act.description, needs_review=bool(reserved),
                  reason=f"asks for '{head.text}': {head.act.description}"
                  + (f"; also names {reserved[0].text}" if reserved else ""))


def _on_another_levels_land(head: ActMatch, acts: list[ActMatch], competence_map: CompetenceMap):
    """A later act that puts the city's own act on another level's infrastructure ("a crossing over the
    A-2", "a park over the rail yard"): the city acts, the owner must consent, so the act is shared.
    Only acts the data flags `on_infrastructure` count: a shared act elsewhere (Barcelona's metro, a new
    tax) named after a bus or a bench is mentioned, not built upon."""
    if head.act.reserved:
        return None
    return next((m for m in acts if m.start >= head.end and m.act.reserved and m.act.on_infrastructure
                 and level_of(m, competence_map) == "shared"), None)


def _coordinated(head: ActMatch, acts: list[ActMatch], unit: str, reserved: bool):
    """The first act of the other kind (reserved or not) in a list joined to the head by 'and', 'or',
    a comma or a slash ("a pool, a library or a health centre")."""
    folded = fold(unit)
    chain = head
    for other in sorted(acts, key=lambda m: m.start):
        if other.start < chain.end:
            continue
        between = re.sub(r"\b(?:publica?s?|nuev[oa]s?|municipal(?:es)?|un[ao]?|el|la|los|las)\b", " ", folded[chain.end:other.start])
        if not COORDINATION.match(between):
            return None
        if other.act.reserved == reserved:
            return other
        chain = other
    return None


def _authority(match: ActMatch, competence_map: CompetenceMap) -> str:
    level = level_of(match, competence_map)
    if match.act.level == "map" or not match.act.authority:
        competence = competence_map.competences[match.act.category]
        return competence.authority if competence.level == level else competence_map.authority(level)
    return match.act.authority


def _parts(units, lexicon, competence_map, languages=None) -> tuple[list[dict], bool]:
    """The first act of each clause, when clauses ask different levels ("Arabic classes and faster permits")."""
    found, seen = [], set()
    for unit in units:
        for clause in CLAUSE_SPLIT.split(unit):
            acts = [m for m in lexicon.find(clause, languages) if not m.landmark] if len(clause.split()) >= 2 else []
            if not acts or acts[0].act.id in seen:
                continue
            seen.add(acts[0].act.id)
            level = level_of(acts[0], competence_map)
            found.append({"text": clause.strip(), "category": acts[0].act.category, "level": level, "act": acts[0].text})
    mixed = len({p["level"] in OUTSIDE_MANDATE for p in found}) == 2
    return (found if mixed else []), mixed


def _by_topic(guess: Guess, competence_map: CompetenceMap, words: int = 2) -> Triage:
    """No act named: the topic gives the category, never an outside level."""
    if guess.confidence < MIN_CONFIDENCE and not guess.matched_terms:
        if words < 2:
            return Triage("undetermined", "", round(guess.confidence, 3), "", [], reason="too short to read a request")
        return Triage("municipal", "", round(guess.confidence, 3), "", [], needs_review=True,
                      reason="no act and no clear topic: nothing takes it out of the mandate")
    usual = competence_map.competences[guess.category].level
    level = usual if usual not in OUTSIDE_MANDATE else "municipal"
    return Triage(level, guess.category, round(min(guess.confidence, 0.5), 3), "", guess.matched_terms,
                  needs_review=True, reason=f"no act found; topic '{guess.category}'" +
                  (f", usually {usual}, but a topic alone does not take a request out of the mandate"
                   if usual in OUTSIDE_MANDATE else ""))


def _corrected(result: Triage, correction, competence_map) -> Triage:
    category, level = correction
    level = level or competence_map.competences[category].level
    refer_to = competence_map.competences[category].authority if level in OUTSIDE_MANDATE else ""
    return Triage(level, category, 1.0, refer_to, result.matched_terms, act=result.act, reason="moderator's correction")


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


@lru_cache(maxsize=1)
def default_model() -> TriageModel:
    return TriageModel()


def evaluate(test_share: float = 0.25, seed: int = 0) -> dict:
    """Topic accuracy on held-out templated sentences (a unit check of the classifier, not an evaluation
    of triage on real requests: see `evaluation` for that)."""
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
