"""Reading Pol.is export folders (votes.csv, or the vote columns of participants-votes.csv)."""
import csv
from pathlib import Path

from .opinion import VoteMatrix

META_COLUMNS = {"participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"}


def rejected_statements(folder: Path) -> set[str]:
    path = Path(folder) / "comments.csv"
    if not path.exists():
        return set()
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["comment-id"] for row in csv.DictReader(handle) if row.get("moderated") == "-1"}


def meta_statements(folder: Path) -> set[str]:
    """Statements marked meta (about the participants or the process); newer exports have `is-meta`."""
    path = Path(folder) / "comments.csv"
    if not path.exists():
        return set()
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["comment-id"] for row in csv.DictReader(handle)
                if str(row.get("is-meta", "")).strip().lower() in ("1", "true", "t")}


def statement_texts(folder: Path) -> dict[str, str]:
    path = Path(folder) / "comments.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["comment-id"]: row.get("comment-body", "") for row in csv.DictReader(handle)}


def read_votes(folder) -> VoteMatrix:
    """The vote matrix of an export, knowing which statements moderators rejected or marked meta."""
    folder = Path(folder)
    excluded, meta = rejected_statements(folder), meta_statements(folder)
    if (folder / "votes.csv").exists():
        return VoteMatrix.from_votes(timed_votes(folder), excluded, meta)
    if (folder / "participants-votes.csv").exists():
        return VoteMatrix.from_votes(_wide_rows(folder / "participants-votes.csv"), excluded, meta)
    raise FileNotFoundError(f"{folder} has neither votes.csv nor participants-votes.csv")


def timed_votes(folder) -> list[tuple[str, str, str, str]]:
    """(participant, statement, vote, time) rows of votes.csv; empty when the export has none."""
    path = Path(folder) / "votes.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["voter-id"], r["comment-id"], r["vote"], r["timestamp"]) for r in csv.DictReader(handle)]


def _wide_rows(path: Path):
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for column, value in row.items():
                if column not in META_COLUMNS and value not in ("", None):
                    yield row["participant"], column, value


def published_groups(folder) -> dict[str, int]:
    """Pol.is's own group of each participant it clustered (for measuring agreement)."""
    with (Path(folder) / "participants-votes.csv").open(encoding="utf-8", newline="") as handle:
        return {r["participant"]: int(r["group-id"]) for r in csv.DictReader(handle) if r.get("group-id")}
