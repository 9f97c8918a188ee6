"""Themes on 100,000 texts: the Barcelona set replicated with perturbations (words dropped, swapped
and shuffled), so that copies are not identical. Target: ≤ 120 s and ≤ 3 GB peak on 2 cores."""
import random

from app.analysis.themes import find_themes

from .common import barcelona, log, report, timed

TARGET = 100_000


def perturbed(texts: list[str], n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [w for t in texts[:2000] for w in t.split()]
    out = list(texts)
    while len(out) < n:
        words = rng.choice(texts).split()
        words = [w for w in words if rng.random() > 0.15]  # drop some words
        for _ in range(max(1, len(words) // 10)):  # swap in random words
            words.insert(rng.randrange(len(words) + 1), rng.choice(vocabulary))
        out.append(" ".join(words))
    return out[:n]


def main() -> None:
    base, _ = barcelona()
    texts = perturbed(base, TARGET)
    results = {"texts": len(texts)}
    with timed(results, "seconds"):
        result = find_themes(texts, progress=log)
    results["themes"] = result.k
    report("themes_100k", results)


if __name__ == "__main__":
    main()
