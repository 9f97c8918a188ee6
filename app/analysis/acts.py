"""Acts: what a request asks someone to do, and which level of government can do it.

A request is outside the municipal mandate because of the act it asks for (change a law, grant a
residence permit, build a metro station, staff a hospital), never because of its topic or of the
people it concerns: "a municipal plan to receive refugees" asks the city for a plan. The acts are
data (data/competences/acts/): `common.json` for acts reserved to a higher level in every country,
one file per country for its regional and national acts, `municipal.json` for acts a municipality
performs itself, and a city's own file may add acts (its State roads), add acts of its own that only hold there
(`municipal_acts`: which line numbers are its buses, not its metro) or change an act's level
(Barcelona's metro is metropolitan, Madrid's regional). Every entry cites its source. An entry flagged
`on_infrastructure` is a work over, under or on another level's road or railway: the city's own act
placed there needs the owner, so it is shared.

Patterns are regular expressions written in lower case without accents; they are matched as whole
words on text folded the same way (see `fold`)."""
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .text import ARABIC_DIACRITICS, ARABIC_LETTER_VARIANTS

ACTS = Path(__file__).parent / "data" / "competences" / "acts"
SPACES = re.compile(r"[^\S\n]+")
FOLD_EXTRA = str.maketrans({"’": "'", "ı": "i", "ß": "ss", "ŀ": "l", "·": "·"})

# A place named as a landmark ("a bus stop next to the metro") is not what is asked for.
LANDMARK = re.compile(
    r"(?:\b(?:junto|cerca|frente|enfrente|alrededor(?:es)?|proxim[oa]s?|cercan[oa]s?|al lado|a la altura|a la salida"
    r"|a la entrada|inmediaciones|entorno|hasta|hacia|con destino|para ir|a prop|davant|al costat|fins|cap|pres"
    r"|a cote|devant|jusqu'|vers|near|next to|in front of|towards|close to|nearby|قرب|بالقرب من|بجانب|امام|مقابل"
    r"|نحو|حتي|باتجاه"
    # the way to a place ("dirección metro Batán"), not the management of it ("la dirección del hospital")
    r"|en direccion|en direccio|en direction|in the direction of|(?:direccion|direccio|direction)(?!\s+(?:de|del|d'|du|des|of)\b)"
    r"|(?:comuni(?:c|qu)|conexion|conect|unir|enlaz|enlac)\w*(?:\s+\S+){0,3}?\s+con"
    r"|(?:connex|connect|comunic|enllac|unir)\w*(?:\s+\S+){0,3}?\s+amb"
    r"|liaison avec|relier|connection (?:to|with)|link to|connect (?:to|with)|(?:ربط|يربط|وصل|يصل|توصيل)\w*)"  # a link *to* the station
    r"(?:\s+(?:a|al|de|del|la|el|las|los|d'|a la|of|to|the|du|de la|des|au|aux|l'|els|les))*"
    r"(?:\s+\S+){0,3}\s*)$")
# Where a route starts or leads ("escaleras desde el metro", "para llegar al hospital") is a landmark only when
# a place follows the word (an article and at most two words, none a number, a person or a body), or when the
# route's other end is named ("desde X hasta Y"): "desde 2019", "desde la asociación", "llegar a tener un
# hospital" and "funding from the State" ask for the thing.
ROUTE = r"(?:desde|des de|depuis|from|ir|llegar|anar|arribar|aller|get to)"
NOT_A_PLACE = (r"(?!(?:hace|fa|siempre|sempre|ya|entonces|que|asociacion\w*|associaci\w*|ampa|afa|junta|ayuntamiento"
               r"|ajuntament|mairie|council|gobierno|govern\w*|estado|estat|etat|state|vecin\w*|veins|veinat|voisins"
               r"|residents|ciudadan\w*|plataforma|comunidad|comunitat|ministerio|ministeri|ministere|usuari\w*|familias?)\b)")
ARTICLE = r"(?:(?:el|la|los|las|les|le|the|els|al|du|au|aux|del|des|dels)\s+|l'|d')"
ROUTE_TO_PLACE = re.compile(rf"\b{ROUTE}(?:\s+(?:a|to|a la))?\s+{ARTICLE}{NOT_A_PLACE}(?:[^\W\d]+\s+){{0,2}}?"
                            r"(?:(?:de|del|de la|d'|de l'|of|of the|du|dels)\s*)?$")
ROUTE_START = re.compile(rf"\b{ROUTE}\s+{ARTICLE}?{NOT_A_PLACE}(?:[^\W\d]+\s+){{0,3}}?$")
ROUTE_END = re.compile(r"^\S*(?:\s+[^\W\d]\S*){0,3}?\s+(?:hasta|fins|jusqu'|to)\b")
# A neighbourhood or a street named after a landmark or an office ("barrio del Aeropuerto", "zona Renfe",
# "Paseo del Ferrocarril", "calle Hacienda de Pavones") is a place, not an act.
PLACE_NAME = re.compile(
    r"(?:\b(?:barrio|barriada|colonia|zona|poblado|urbanizacion|distrito|calle|c/|avenida|avda\.?|av\.?|paseo"
    r"|glorieta|barri|districte|carrer|passeig|avinguda|rambla|quartier|cite|zone|rue|avenue|boulevard|allee"
    r"|neighbou?rhood|district|area)(?:\s+(?:del|de la|de los|de las|de l'|de|d'|du|des|of the|of))?"
    r"|\b(?:plaza|placa)\s+(?:del|de la|de los|de las|de l')"  # "plaza de" is also a place in a school or a home
    r"|\b(?:حي|منطقه|شارع|ساحه)(?:\s+ال)?)\s*$")
# English names the street after the landmark ("Station Road", "Hospital Street").
PLACE_NAME_AFTER = re.compile(r"^\s+(?:street|st|road|rd|avenue|ave|square|lane|boulevard)\b")
# What causes a nuisance is not what is asked for: "ruido por el tráfico" does not ask for traffic works.
CAUSE = re.compile(
    r"(?:\b(?:ruidos?|contaminacion(?: acustica)?|humos?|molestias|vibraciones|soroll|contaminacio(?: acustica)?"
    r"|fums?|molesties|bruits?|nuisances?|pollution(?: sonore)?|noise|fumes)"
    r"(?:\s+(?:de|del|por|provocad[oa]s? por|causad[oa]s? por|dels?|pel|per|causad[ae]s? per|du|des|de la|dues? a"
    r"|dus? a|causee?s? par|from|of|caused by))"
    r"(?:\s+(?:el|la|los|las|the|le|les|l'|els))?"
    r"|(?:ال)?(?:ضجيج|تلوث|ازعاج)(?:\s+(?:الناتج عن|الناجم عن|بسبب|من))?)\s*$")


def fold(text: str) -> str:
    """Lower case, no accents or Arabic diacritics, Arabic letter variants unified, runs of spaces made one
    (titles typed with two spaces are common, and patterns are written with one): how acts are matched."""
    text = ARABIC_DIACRITICS.sub("", unicodedata.normalize("NFC", text or "").lower())
    text = unicodedata.normalize("NFKD", text.translate(ARABIC_LETTER_VARIANTS).translate(FOLD_EXTRA))
    return SPACES.sub(" ", "".join(c for c in text if not unicodedata.combining(c)))


def _fold_pattern(pattern: str) -> str:
    """Patterns are folded like texts, except for case (a regex's \\W is not its \\w)."""
    pattern = unicodedata.normalize("NFKD", pattern.translate(ARABIC_LETTER_VARIANTS).translate(FOLD_EXTRA))
    return "".join(c for c in pattern if not unicodedata.combining(c))


@dataclass(frozen=True)
class Act:
    id: str
    description: str
    category: str
    level: str  # municipal, shared, regional, national, or "map": the level of `category` in the city's map
    authority: str
    source: str
    reserved: bool  # True: an act another level performs (from common or country lists)
    support: bool = False  # helping people through a procedure: the city can always do that
    on_infrastructure: bool = False  # works on another level's road or railway: the city's act there is shared


@dataclass
class ActMatch:
    act: Act
    start: int
    end: int
    text: str
    landmark: bool = False  # named as a place, not asked for


@lru_cache(maxsize=None)
def _read(name: str) -> dict:
    path = ACTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"acts": []}


class ActLexicon:
    """The acts known for one city: reserved acts of its country (and everywhere), municipal acts,
    and the city's own additions and level changes."""

    def __init__(self, country: str, city_acts=(), act_overrides: dict | None = None, city_municipal_acts=()):
        entries = [(e, True) for e in _read("common")["acts"] + _read(country)["acts"] + list(city_acts)]
        entries += [(e, False) for e in _read("municipal")["acts"] + list(city_municipal_acts)]
        self.acts: list[Act] = []
        self._patterns: dict[str, list[tuple[Act, re.Pattern]]] = {}
        for entry, reserved in entries:
            level, authority = (act_overrides or {}).get(entry["id"], (entry.get("level", "map"), entry.get("authority", "")))
            act = Act(entry["id"], entry.get("act", ""), entry["category"], level, authority, entry.get("source", ""),
                      reserved and not entry.get("support"), bool(entry.get("support")),
                      bool(entry.get("on_infrastructure")))
            self.acts.append(act)
            for language, terms in entry["patterns"].items():
                alternatives = "|".join(f"(?:{_fold_pattern(term)})" for term in terms)
                self._patterns.setdefault(language, []).append((act, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")))

    @property
    def languages(self) -> set[str]:
        return set(self._patterns)

    def find(self, text: str, languages=None) -> list[ActMatch]:
        """Every act named in the text in one of `languages` (all when None), leftmost first (the longest
        at equal starts), with landmarks marked. Each language's words are only looked for in texts of
        that language: the English 'deport' is not the Spanish 'deportivo'."""
        folded = fold(text)
        found = []
        chosen = self._patterns if not languages else {k: v for k, v in self._patterns.items() if k in languages}
        for act, pattern in (pair for pairs in chosen.values() for pair in pairs):
            for match in pattern.finditer(folded):
                landmark = _named_as_place(act, folded[max(0, match.start() - 40):match.start()],
                                           folded[match.end():match.end() + 40])
                found.append(ActMatch(act, match.start(), match.end(), match.group(0), landmark))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return found


def _named_as_place(act: Act, before: str, after: str = "") -> bool:
    """Another level's thing named as a landmark or in a place name, or the city's own act named as the
    cause of a nuisance: in each case the request asks for something else. Another level's road or railway
    named as the cause ("ruido de la M-40") stays an act: only its owner can screen or slow it."""
    if act.reserved and (LANDMARK.search(before) or PLACE_NAME.search(before) or PLACE_NAME_AFTER.match(after)
                         or _route_end(before, after)):
        return True
    return not act.reserved and bool(CAUSE.search(before))


def _route_end(before: str, after: str) -> bool:
    """The thing is where a route starts or leads: a place follows 'desde', or the route's other end follows."""
    return bool(ROUTE_TO_PLACE.search(before) or (ROUTE_START.search(before) and ROUTE_END.search(after)))
