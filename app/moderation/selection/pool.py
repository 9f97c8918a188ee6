"""A pool of volunteers with features, quotas per feature value and a panel size, read from the
folder format of the sortition literature:

- `categories.csv`: `category,feature,min,max` (Flanigan et al.'s replication) or
  `feature,value,min,max[,min_flex,max_flex]` (the Sortition Foundation's; the flex columns are ignored);
- `respondents.csv`: one row per volunteer, one column per category (other columns are ignored); the id
  is the column named `id` or ending in `_id` when there is one, otherwise the 1-based row number."""
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path


class PoolError(ValueError):
    """A pool that cannot be read or does not match its quotas; the message is one line for people."""


@dataclass
class Pool:
    ids: list[str]
    people: list[dict[str, str]]  # category -> value, one per volunteer, in the order of `ids`
    quotas: dict[tuple[str, str], tuple[int, int]]  # (category, value) -> (min, max)
    categories: list[str] = field(default_factory=list)

    def values(self, category: str) -> list[str]:
        return [value for (cat, value) in self.quotas if cat == category]


_HEADERS = ({"category", "feature", "min", "max"}, {"feature", "value", "min", "max"})


def read_folder(folder: str | Path) -> Pool:
    """The pool in a folder holding categories.csv and respondents.csv."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PoolError(f"{folder} is not a folder")
    texts = []
    for name in ("categories.csv", "respondents.csv"):
        if not (folder / name).is_file():
            raise PoolError(f"{folder} has no {name}")
        texts.append((folder / name).read_text(encoding="utf-8-sig"))
    return read_texts(*texts)


def read_texts(categories_csv: str, respondents_csv: str) -> Pool:
    """The pool from the two files' contents (the web form uploads the same two files)."""
    quotas, categories = _quotas(categories_csv)
    ids, people = _respondents(respondents_csv, categories, quotas)
    return Pool(ids=ids, people=people, quotas=quotas, categories=categories)


def _rows(text: str, what: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text.strip() + "\n"))
    if not reader.fieldnames:
        raise PoolError(f"{what} is empty")
    reader.fieldnames = [name.strip() for name in reader.fieldnames]
    return [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]


def _quotas(text: str) -> tuple[dict, list[str]]:
    rows = _rows(text, "categories.csv")
    columns = set(rows[0]) if rows else set()
    if not any(header <= columns for header in _HEADERS):
        raise PoolError("categories.csv needs the columns category,feature,min,max or feature,value,min,max")
    category_col, value_col = ("category", "feature") if "category" in columns else ("feature", "value")
    quotas: dict[tuple[str, str], tuple[int, int]] = {}
    for number, row in enumerate(rows, start=2):
        key = (row[category_col], row[value_col])
        low, high = _bound(row["min"], number), _bound(row["max"], number)
        if not key[0] or not key[1] or low > high or key in quotas:
            raise PoolError(f"categories.csv line {number}: a quota needs a category, a value and min <= max, once")
        quotas[key] = (low, high)
    return quotas, list(dict.fromkeys(cat for cat, _ in quotas))


def _bound(text: str, number: int) -> int:
    try:
        value = int(float(text))
    except (ValueError, OverflowError):  # "abc"; "inf" (no whole number is infinite)
        raise PoolError(f"categories.csv line {number}: “{text}” is not a whole number") from None
    if value < 0:
        raise PoolError(f"categories.csv line {number}: quotas cannot be negative")
    return value


def _id_column(columns: list[str]) -> str | None:
    return next((c for c in columns if c.lower() == "id" or c.lower().endswith("_id")), None)


def _respondents(text: str, categories: list[str], quotas: dict) -> tuple[list[str], list[dict]]:
    rows = _rows(text, "respondents.csv")
    columns = list(rows[0]) if rows else []
    missing = [c for c in categories if c not in columns]
    if missing:
        raise PoolError(f"respondents.csv has no column for the feature {missing[0]!r}")
    id_col = _id_column(columns)
    ids, people = [], []
    for number, row in enumerate(rows, start=1):
        person = {c: row[c] for c in categories}
        unknown = next((c for c in categories if (c, person[c]) not in quotas), None)
        if unknown:
            raise PoolError(f"respondents.csv row {number}: unknown value {person[unknown]!r} for the feature "
                            f"{unknown!r}")
        ids.append(row[id_col] if id_col else str(number))
        people.append(person)
    if len(set(ids)) != len(ids):
        raise PoolError(f"respondents.csv: the ids in the column {id_col!r} are not unique")
    return ids, people
