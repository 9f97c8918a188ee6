"""The verifiable draw: a panel picked from a LEXIMIN lottery with a seed nobody could know in advance.

The seed is the SHA-256 of a public value announced beforehand (for instance the text of a national
lottery's results on a given day). Every random number is SHA-256(seed ":" label) read as a fraction of
2^256, so the draw can be re-done by hand or in any language from the published lottery and the value:

1. u = number("panel"); walk the panels in their published order, adding their probabilities, and take
   the first panel whose running total exceeds u;
2. for each type in order, shuffle its volunteers' ids (sorted) by Fisher–Yates with j = ⌊number(f"{type}:{i}")
   × (i + 1)⌋ for i from the last position down to 1, and keep the first `count` of them."""
import hashlib
import json


def seed_of(public_value: str) -> str:
    """The seed: SHA-256 of the published value, with surrounding white space removed."""
    return hashlib.sha256(public_value.strip().encode("utf-8")).hexdigest()


def number(seed: str, label: str) -> float:
    """A number in [0, 1) determined by the seed and a label."""
    return int(hashlib.sha256(f"{seed}:{label}".encode("utf-8")).hexdigest(), 16) / 2**256


def pick_panel(weights: list[float], seed: str) -> int:
    """The index of the panel drawn (panels in their published order)."""
    u, total = number(seed, "panel"), 0.0
    for index, weight in enumerate(weights):
        total += weight
        if u < total:
            return index
    return len(weights) - 1  # rounding left u above the last running total


def shuffled(ids: list[str], seed: str, label: str) -> list[str]:
    """The ids in a seeded Fisher–Yates order (starting from their sorted order)."""
    order = sorted(ids)
    for i in range(len(order) - 1, 0, -1):
        j = int(number(seed, f"{label}:{i}") * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def draw(lottery: dict, seed: str) -> list[str]:
    """The ids of the panel drawn from a published lottery (see `published`) with this seed."""
    chosen = lottery["panels"][pick_panel(lottery["weights"], seed)]
    panel = []
    for type_index, count in enumerate(chosen):
        if count:
            panel += shuffled(lottery["types"][type_index]["ids"], seed, str(type_index))[:count]
    return sorted(panel)


def published(result) -> dict:
    """The lottery as plain data, to publish before the seed is known (and to re-run the draw from)."""
    return {
        "k": result.k,
        "categories": list(result.categories),
        "types": [{"features": list(key), "ids": sorted(result.ids[i] for i in members),
                   "probability": round(result.type_probabilities[t], 10)}
                  for t, (key, members) in enumerate(zip(result.types.keys, result.types.members))],
        "panels": [list(panel) for panel in result.panels],
        "weights": [round(w, 12) for w in result.weights],
    }


def commitment(lottery: dict) -> str:
    """SHA-256 of the lottery's canonical JSON: published with it, so that nobody can change it later."""
    text = json.dumps(lottery, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
