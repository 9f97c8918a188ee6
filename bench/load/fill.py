"""Fill the load database fast: one council, one open consultation of 10,000 real multilingual
proposals (decidim.barcelona 2016 in Catalan and Spanish, decide.madrid 2024 in Spanish, the demo's
French and Arabic) with 40,000 supports, and a second consultation in deliberation for votes.

The few structural records go through the app's services (so they are what the app makes); the
bulk rows are written with COPY, then counters and the search index are computed in SQL."""
import csv
import io
import random
import re
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"
PASSWORD = "load-test-password"
SEED = 2026


def texts(n: int) -> list[tuple[str, str]]:
    """(title, body) pairs: Barcelona and Madrid first, the demo's French and Arabic spread through."""
    barcelona, madrid = _barcelona(), _madrid()
    demo = _demo_fr_ar()
    share = max(1, n // 40)  # 2.5% demo texts, numbered so that each is a distinct proposal
    demo_rows = [(f"{title} ({i // len(demo) + 1})", body) for i, (title, body) in
                 zip(range(share), [demo[i % len(demo)] for i in range(share)])]
    rows = demo_rows + madrid[: (n - share) // 4] + barcelona
    rows = rows[:n]
    random.Random(SEED).shuffle(rows)
    return rows


def _barcelona() -> list[tuple[str, str]]:
    rows = []
    for part in (1, 2):
        path = DATASETS / "decidim-barcelona-2016" / f"decidim_barcelona_pam2016_proposals_part{part}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows += [(r["title"].strip()[:200], r["summary"].strip()) for r in csv.DictReader(handle)]
    return [r for r in rows if r[0] and r[1]]


def _madrid() -> list[tuple[str, str]]:
    path = DATASETS / "decide-madrid-2024" / "decide_madrid_proposals_2024_2025.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [(r["title"].strip()[:200], re.sub(r"<[^>]+>", " ", r["description"]).strip())
                for r in csv.DictReader(handle, delimiter=";")]
    return [r for r in rows if r[0] and r[1]]


def _demo_fr_ar() -> list[tuple[str, str]]:
    from app.demo.data import CONSULTATIONS

    return [(title, body) for spec in CONSULTATIONS for (_author, title, body, *_rest) in spec["proposals"]
            if spec["language"] in ("fr", "ar") or re.search("[\u0600-\u06ff]", title)]


def structure(n_users: int) -> dict:
    """Council, organisation, consultations and statements through the app; returns their ids."""
    from app.consultations import services
    from app.consultations.deliberation import services as deliberation
    from app.councils.models import Council
    from app.extensions import db
    from app.organisations.models import Accreditation, Organisation, OrganisationType, SizeBand

    council = Council(slug="load", name="Consell municipal d'immigració (load)", city="Barcelona", country="ES",
                      languages=["ca", "es", "fr", "ar"], competence_map="barcelona")
    db.session.add(council)
    organisation = Organisation(council=council, name="Associació de càrrega", type=OrganisationType.MIGRANT_ASSOCIATION,
                                membership_band=SizeBand.LARGE, status=Accreditation.ACCREDITED)
    db.session.add(organisation)
    db.session.flush()
    open_one = services.create_consultation(council, "Pla d'actuació municipal", "Propostes per a la ciutat.",
                                            categories=CATEGORIES, language="ca",
                                            calendar=services.calendar_around("open", days=30))
    voting = services.create_consultation(council, "Deliberació: acollida", "Vota les afirmacions.", language="es",
                                          calendar=services.calendar_around("deliberation", days=30))
    statements = [deliberation.add_statement(None, voting, f"Afirmació {i}: la ciutat hauria d'obrir més oficines "
                                             f"d'acollida", seeded=True).id for i in range(40)]
    db.session.flush()
    return {"council": council.id, "organisation": organisation.id, "consultation": open_one.id,
            "voting": voting.id, "statements": statements}


CATEGORIES = ["Bon viure", "Economia plural", "Transició ecològica", "Bon govern", "Acollida"]


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["\\N" if v is None else v for v in row])
    buffer.seek(0)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as copy:
        copy.write(buffer.read())


def bulk(connection, ids: dict, n_proposals: int, n_supports: int, n_people: int, password_hash: str) -> dict:
    """Users, memberships, proposals (with their first version), supports, counters and search index."""
    from app.analysis.text import detect_languages
    from app.clock import utcnow

    rng, now = random.Random(SEED), utcnow()
    raw = connection.connection.dbapi_connection
    cursor = raw.cursor()
    first_user = _next_id(connection, "users")
    _copy(cursor, "users", ["id", "email", "display_name", "password_hash", "language", "is_admin",
                            "email_verified_at", "auth_token", "blocked", "created_at"],
          ((first_user + i, f"person{i}@load.example", f"Persona {i}", password_hash, ["ca", "es", "fr", "ar"][i % 4],
            False, now, f"{i:032x}", False, now) for i in range(n_people)))
    _copy(cursor, "memberships", ["user_id", "organisation_id", "status", "is_representative", "created_at"],
          ((first_user + i, ids["organisation"], "active", False, now) for i in range(n_people)))
    pairs = texts(n_proposals)
    languages = detect_languages([f"{t}. {b}" for t, b in pairs])
    first_proposal = _next_id(connection, "proposals")
    supports = _supports(rng, n_proposals, n_supports, n_people)
    counts = [0] * n_proposals
    for p, _u in supports:
        counts[p] += 1
    counters = _has_counters(connection)  # an older checkout (the "before" figures) has none
    _copy(cursor, "proposals", ["id", "consultation_id", "author_id", "organisation_id", "title", "body", "category",
                                "language", "show_as_organisation", "status", "created_at", "updated_at"]
          + (["support_count", "feedback_count"] if counters else []),
          ((first_proposal + i, ids["consultation"], first_user + _author(rng, n_people),
            ids["organisation"] if i % 3 == 0 else None, title, body, CATEGORIES[i % len(CATEGORIES)], languages[i],
            i % 9 == 0, "published", now - timedelta(minutes=n_proposals - i), now - timedelta(minutes=n_proposals - i),
            *([counts[i], 0] if counters else [])) for i, (title, body) in enumerate(pairs)))
    _copy(cursor, "supports", ["proposal_id", "user_id", "created_at"],
          ((first_proposal + p, first_user + u, now) for p, u in supports))
    for table in ("users", "proposals", "supports", "memberships"):
        connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    _versions_and_index(connection, ids["consultation"])
    return {"first_user": first_user, "people": n_people, "signed_in_pool": min(SIGNED_IN_POOL, n_people),
            "first_proposal": first_proposal,
            "proposals": n_proposals, "supports": len(supports)}


# The signed-in Locust users are the first people (locustfile.PEOPLE): they author none of the filled
# proposals, so a support sent to a random proposal is never refused as a support of one's own (a
# correct 403 that the harness would count as a failed write).
SIGNED_IN_POOL = 100


def _author(rng, n_people: int) -> int:
    if n_people <= SIGNED_IN_POOL:
        return rng.randrange(n_people)
    return SIGNED_IN_POOL + rng.randrange(n_people - SIGNED_IN_POOL)


def _has_counters(connection) -> bool:
    return bool(connection.execute(text("SELECT 1 FROM information_schema.columns WHERE table_name = 'proposals' "
                                        "AND column_name = 'support_count'")).scalar())


def _next_id(connection, table: str) -> int:
    return connection.execute(text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")).scalar()


def _supports(rng, n_proposals: int, n_supports: int, n_people: int) -> list[tuple[int, int]]:
    """Distinct (proposal, person) pairs, skewed as real supports are: a few proposals gather many."""
    weights = [1 / (rank + 10) for rank in range(n_proposals)]
    order = list(range(n_proposals))
    rng.shuffle(order)
    chosen: set[tuple[int, int]] = set()
    while len(chosen) < n_supports:
        for p in rng.choices(order, weights=weights, k=n_supports - len(chosen)):
            chosen.add((p, rng.randrange(n_people)))
    return sorted(chosen)


def _versions_and_index(connection, consultation_id: int) -> None:
    """Each proposal's first version, and its search document built as app/search/index.py builds it."""
    from app.search.index import PG_CONFIGS

    connection.execute(text(
        "INSERT INTO proposal_versions (proposal_id, number, title, body, category, created_at) "
        "SELECT id, 1, title, body, category, created_at FROM proposals WHERE consultation_id = :c"),
        {"c": consultation_id})
    config = "CASE language " + " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in PG_CONFIGS.items()) + \
        " ELSE 'simple' END::regconfig"
    connection.execute(text(
        "INSERT INTO search_index (kind, ref_id, language, title, body, document) "
        f"SELECT 'proposal', id, language, title, body, setweight(to_tsvector({config}, title), 'A') || "
        f"setweight(to_tsvector({config}, body), 'B') || to_tsvector('simple', title || ' ' || body) "
        "FROM proposals WHERE consultation_id = :c"), {"c": consultation_id})


def fill(app, n_proposals: int = 10_000, n_supports: int = 40_000, n_people: int = 2_000) -> dict:
    """Everything in one transaction; returns ids and sizes for the load scenario."""
    from app.accounts.models import User
    from app.extensions import db
    from app.unit_of_work import unit_of_work

    started = time.perf_counter()
    with app.app_context():
        hasher = User()
        hasher.set_password(PASSWORD)
        with unit_of_work():
            ids = structure(n_people)
            ids.update(bulk(db.session.connection(), ids, n_proposals, n_supports, n_people, hasher.password_hash))
        with db.engine.connect() as connection:  # as autovacuum would, soon after: statistics, visibility map
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    ids["fill_seconds"] = round(time.perf_counter() - started, 1)
    return ids
