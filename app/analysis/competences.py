"""Competence maps: for one city, which level of government handles each category of request,
and which authority a request outside the municipal mandate should be referred to.

Maps are data (data/competences/): a country's defaults plus the city's own overrides, and a
council can override them again (Vienna and Berlin execute residence permits themselves)."""
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "competences"
LEVELS = ("municipal", "shared", "regional", "national")
OUTSIDE_MANDATE = {"regional", "national"}


@lru_cache(maxsize=1)
def taxonomy() -> dict:
    return json.loads((DATA / "taxonomy.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _countries() -> dict:
    return json.loads((DATA / "countries.json").read_text(encoding="utf-8"))


def available_cities() -> list[str]:
    return sorted(path.stem for path in (DATA / "cities").glob("*.json"))


class UnknownCity(LookupError):
    pass


@dataclass
class Competence:
    level: str
    authority: str


@dataclass
class CompetenceMap:
    city: str
    country: str
    languages: list[str]
    competences: dict[str, Competence] = field(default_factory=dict)
    slug: str = ""

    @staticmethod
    def spec(city: str) -> dict:
        """The city's file: country, languages, category overrides, and its own acts and act levels."""
        path = DATA / "cities" / f"{city.strip().lower()}.json"
        if not path.exists():
            raise UnknownCity(f"no competence map for {city!r}; known: {', '.join(available_cities())}")
        return json.loads(path.read_text(encoding="utf-8"))

    @classmethod
    def load(cls, city: str, overrides: dict | None = None) -> "CompetenceMap":
        spec = cls.spec(city)
        country = _countries()["countries"][spec["country"]]
        competences = {}
        for category, usual in _countries()["usual_levels"].items():
            level, authority = country["levels"].get(category, [usual, None])
            competences[category] = Competence(level, authority or country["authorities"][level])
        for category, (level, authority) in {**spec["overrides"], **(overrides or {})}.items():
            competences[category] = Competence(level, authority)
        return cls(spec["city"], spec["country"], spec["languages"], competences, city.strip().lower())

    def municipal_authority(self) -> str:
        return self.authority("municipal")

    def authority(self, level: str) -> str:
        """The country's usual authority at that level."""
        return _countries()["countries"][self.country]["authorities"][level]
