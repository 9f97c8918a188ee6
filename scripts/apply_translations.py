"""Fill the French and Arabic catalogues from a JSON file of {msgid: {"fr": ..., "ar": ...}}.

For plural messages the value is a list (one string per plural form of the language). Entries found
are set and unmarked as fuzzy; msgids not in the catalogue are reported. Run `make translations`
first (it adds the new msgids), then this, then `make compile`-equivalent (pybabel compile)."""
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent / "app" / "translations"


def apply(path: str) -> int:
    wanted = json.loads(Path(path).read_text(encoding="utf-8"))
    missing = set(wanted)
    for lang in ("fr", "ar"):
        po_path = ROOT / lang / "LC_MESSAGES" / "messages.po"
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if key in wanted and lang in wanted[key]:
                value = wanted[key][lang]
                message.string = tuple(value) if isinstance(message.id, tuple) else value
                message.flags.discard("fuzzy")
                missing.discard(key)
        with po_path.open("wb") as handle:
            write_po(handle, catalog, width=100)
    for key in sorted(missing):
        print(f"not in the catalogues: {key!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(apply(sys.argv[1]))
