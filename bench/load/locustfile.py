"""Locust scenarios for `make load` and `make fault` (run headless by bench/load/__main__.py).

LOAD_SCENARIO picks what the 50 users do:
  static           the ceiling: a static file of the same server
  read:<route>     one read route only (see READS), anonymous, no pause: that route's throughput
  mixed            anonymous readers and signed-in participants together; participants also write
                   (proposals, feedback, supports, votes); every write the server acknowledges is
                   appended to LOAD_ACKS as one JSON line, for the check that follows the run
  writes           participants writing only (the fault test's load)
A write refused with 503 is retried with the same form token, as a person pressing "send" again
would, until it is acknowledged or LOAD_RETRIES tries have failed."""
import itertools
import json
import os
import random
import re
import time
import uuid

from locust import FastHttpUser, constant, events, task

SCENARIO = os.environ.get("LOAD_SCENARIO", "mixed")
CONFIG = json.loads(os.environ.get("LOAD_CONFIG", "{}"))
ACKS = os.environ.get("LOAD_ACKS", "/tmp/majlis_load_acks.jsonl")
RETRIES = int(os.environ.get("LOAD_RETRIES", "20"))
PEOPLE = itertools.count()  # each participant a different person: their writes never race each other
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token"[^>]*value="([^"]+)"')
STATEMENT = re.compile(r'name="statement_id"[^>]*value="(\d+)"')
SEARCHES = ["habitatge", "bicicleta", "escola", "biblioteca", "vivienda", "parque", "metro", "autobús",
            "jardí", "mercat", "logement", "français", "santé", "المستوصف", "السكن", "carril bici", "zona verde",
            "gent gran", "accessibilitat", "energia", "arbolado", "piscina", "contaminación", "soroll", "habitatge social",
            "persones migrades", "acollida", "cultura", "esport", "aparcamiento"]


def consultation_url(sort: str = "newest", page: int = 1) -> str:
    base = f"/consultations/{CONFIG['consultation']}"
    args = "&".join(a for a in (f"sort={sort}" if sort != "newest" else "", f"page={page}" if page > 1 else "") if a)
    return base + ("?" + args if args else "")


def random_proposal() -> int:
    return CONFIG["first_proposal"] + random.randrange(CONFIG["proposals"])


READS = {  # name: (weight in the mixed run, url maker)
    "consultation p1 newest": (4, lambda: consultation_url()),
    "consultation p1 supported": (3, lambda: consultation_url("supported")),
    "consultation p1 random": (2, lambda: consultation_url("random")),
    "consultation p200 newest": (1, lambda: consultation_url(page=200)),
    "consultation p200 supported": (1, lambda: consultation_url("supported", 200)),
    "consultation p200 random": (1, lambda: consultation_url("random", 200)),
    "consultation filtered": (1, lambda: consultation_url() + "?category=Acollida&language=es"),
    "search": (3, lambda: "/consultations/search?q=" + random.choice(SEARCHES)),
    "proposal page": (6, lambda: f"/consultations/proposals/{random_proposal()}"),
}


def record(kind: str, **details) -> None:
    with open(ACKS, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"kind": kind, "at": time.time(), **details}) + "\n")


def read(user, name: str) -> None:
    with user.client.get(READS[name][1](), name=name, catch_response=True) as response:
        if response.status_code != 200:
            response.failure(f"{response.status_code}")


class Reader(FastHttpUser):
    """An anonymous visitor: pages only, one after the other."""
    wait_time = constant(0)
    weight = 3

    @task
    def browse(self):
        if SCENARIO == "static":
            with self.client.get("/static/css/majlis.css", name="static file", catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code}")
            return
        if SCENARIO.startswith("read:"):
            read(self, SCENARIO[5:])
            return
        names = list(READS)
        read(self, random.choices(names, weights=[READS[n][0] for n in names])[0])


class Participant(FastHttpUser):
    """A signed-in member of an accredited organisation: reads and writes."""
    wait_time = constant(0)
    weight = 2

    def on_start(self):
        # The first people author none of the filled proposals (fill.SIGNED_IN_POOL): participants are
        # taken among them, so a random support is never one's own (beyond the pool, people repeat).
        self.person = CONFIG["first_user"] + next(PEOPLE) % CONFIG.get("signed_in_pool", CONFIG["people"])
        page = self.client.get("/account/login", name="sign-in form")
        self.csrf = CSRF.search(page.text).group(1)
        email = f"person{self.person - CONFIG['first_user']}@load.example"
        response = self.client.post("/account/login", data={"csrf_token": self.csrf, "email": email,
                                                            "password": CONFIG["password"]},
                                    name="sign in", allow_redirects=False)
        if response.status_code != 302:
            raise RuntimeError(f"sign-in refused: {response.status_code}")
        self.csrf = CSRF.search(self.client.get("/consultations/mine", name="my activity").text).group(1)

    @task(3)
    def support(self):
        proposal = random_proposal()
        self._send(f"/consultations/proposals/{proposal}/support", {}, "write: support",
                   lambda location: record("support", user=self.person, proposal=proposal))

    @task(2)
    def feedback(self):
        proposal, token, marker = random_proposal(), uuid.uuid4().hex, uuid.uuid4().hex
        body = f"D'acord amb aquesta proposta ({marker}). ¿Y en mi barrio también?"
        self._send(f"/consultations/proposals/{proposal}/feedback",
                   {"form_token": token, "body": body, "stance": "supports"}, "write: feedback",
                   lambda location: record("feedback", token=token, marker=marker, proposal=proposal))

    @task(1)
    def proposal(self):
        token, marker = uuid.uuid4().hex, uuid.uuid4().hex
        data = {"form_token": token, "title": f"Més fonts públiques als parcs ({marker[:8]})",
                "body": f"Proposem instal·lar fonts d'aigua potable a tots els parcs del districte. {marker}",
                "category": "Bon viure", "language": "ca", "organisation": "0"}
        self._send(f"/consultations/{CONFIG['consultation']}/proposals/new", data, "write: proposal",
                   lambda location: record("proposal", token=token, marker=marker,
                                           id=int(location.rstrip("/").rsplit("/", 1)[-1])))

    @task(2)
    def vote(self):
        statement = random.choice(CONFIG["statements"])
        choice = random.choice(["agree", "disagree", "pass"])
        self._send(f"/consultations/{CONFIG['voting']}/vote", {"statement_id": str(statement), "choice": choice},
                   "write: vote", lambda location: record("vote", user=self.person, statement=statement,
                                                          choice=choice))

    @task(4)
    def read_as_participant(self):
        if SCENARIO != "writes":
            name = random.choice(["consultation p1 newest", "proposal page", "search"])
            with self.client.get(READS[name][1](), name=f"{name} (signed in)", catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code}")

    def _send(self, url: str, data: dict, name: str, acknowledge) -> None:
        """POST until acknowledged (302): a 503 or a broken connection is retried with the same data."""
        for attempt in range(RETRIES):
            label = name if attempt == 0 else f"{name} (retry)"
            with self.client.post(url, data={"csrf_token": self.csrf, **data}, name=label, allow_redirects=False,
                                  catch_response=True) as response:
                location = response.headers.get("Location", "") if response.status_code == 302 else ""
                if location and "/account/login" not in location:
                    acknowledge(location)
                    response.success()
                    return
                _note_failure(response, name)
            time.sleep(min(0.25 * (attempt + 1), 2.0))


def _note_failure(response, name: str) -> None:
    """A 503 must carry Retry-After and the error page's "please retry" words (in the person's own
    language, which the harness does not read); anything else is a failure of the app."""
    body = response.text or ""
    status = response.status_code
    if status == 503 and response.headers.get("Retry-After") and body.strip():
        record("refused_503", name=name, snippet=body[:160])
        response.failure("503 please retry")
    else:
        record("failed", name=name, status=status, snippet=body[:200])
        response.failure(f"{status}")


@events.quitting.add_listener
def _quit(environment, **_kwargs):
    environment.process_exit_code = 0  # failures are judged by the harness, from the CSV and the checks
