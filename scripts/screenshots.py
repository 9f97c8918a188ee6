"""Screenshots of the main pages, in English and Arabic, at 390 px (a phone) and 1280 px (a laptop).

`make screenshots` writes docs/screenshots/<page>-<language>-<width>.png from a fresh demo database
(a temporary SQLite file), served locally and photographed by Debian's Chromium through Playwright.
Each page is seen by the person it is for: a visitor, a participant, the secretariat."""
import logging
import sys
import tempfile
import threading
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {390: 844, 1280: 800}
LANGUAGES = ("en", "ar")

# (file name, who looks, how to find the page); `who` is a demo e-mail or None for a visitor.
PAGES = [
    ("home", None, lambda ids: "/"),
    ("consultation", "grace@majlis.example", lambda ids: f"/consultations/{ids['open']}"),
    ("proposal", "grace@majlis.example", lambda ids: f"/consultations/proposals/{ids['proposal']}"),
    ("voting", "grace@majlis.example", lambda ids: f"/consultations/{ids['deliberation']}/vote"),
    ("moderation", "moderator@majlis.example", lambda ids: "/moderation/organisations"),
]


def demo_app(folder: Path):
    """A development app on a new SQLite file, migrated and filled with the demo."""
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade

    from app import create_app
    from app.demo.loader import load
    from app.unit_of_work import unit_of_work

    app = create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'demo.sqlite3'}",
                     RATELIMIT_SIGNIN="1000 per minute", JOBS_URL="immediate", UPLOAD_FOLDER=str(folder))
    with app.app_context():
        upgrade()
        with unit_of_work():
            load()
    return app


def page_ids(app) -> dict:
    """The demo records the pictures show, found by their titles."""
    from sqlalchemy import select

    from app.consultations.models import Consultation
    from app.consultations.proposals.models import Proposal
    from app.extensions import db

    with app.app_context():
        by_title = dict(db.session.execute(select(Consultation.title, Consultation.id)).all())
        proposal = db.session.scalar(select(Proposal.id).where(Proposal.title.like("Un guichet%")))
    return {"open": by_title["Accueillir les nouveaux arrivants à Sfax"],
            "deliberation": by_title["Safer streets and public space in the Medina"], "proposal": proposal}


def browse_as(browser, base: str, who: str | None, language: str, width: int):
    """A browser tab of the given width, signed in as `who`, with the interface in `language`."""
    context = browser.new_context(base_url=base, viewport={"width": width, "height": WIDTHS[width]},
                                  locale="en-GB", device_scale_factor=1)
    page = context.new_page()
    if who:
        page.goto("/account/login")
        page.locator("#email").fill(who)
        page.locator("#password").fill("majlis-demo-2026")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    page.goto("/")
    page.locator("#language-toggle").click()
    page.locator(f".language-menu button[lang={language}]").click()
    page.wait_for_load_state()
    return context, page


def shoot(browser, base: str, ids: dict) -> list[Path]:
    written = []
    for language in LANGUAGES:
        for width in WIDTHS:
            for who in dict.fromkeys(w for _, w, _ in PAGES):
                context, page = browse_as(browser, base, who, language, width)
                for name, _, path in [p for p in PAGES if p[1] == who]:
                    page.goto(path(ids))
                    target = OUT / f"{name}-{language}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
                context.close()
    return written


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    with tempfile.TemporaryDirectory() as folder:
        app = demo_app(Path(folder))
        ids = page_ids(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                     args=["--no-sandbox", "--disable-gpu"])
                written = shoot(browser, f"http://127.0.0.1:{server.server_port}", ids)
                browser.close()
        finally:
            server.shutdown()
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
