"""Every page of the journeys, as each role sees it, at 390 px (a phone) and 1280 px (a laptop), in
English and Arabic: the document is never wider than the window, no navigation item wraps onto a
second line, the header stays one row, and axe-core finds nothing serious."""
import pytest
from sqlalchemy import select

from app.consultations.models import Consultation
from app.consultations.proposals.models import Proposal
from app.councils.models import Council
from app.demo.data import PASSWORD
from app.demo.loader import load
from app.organisations.models import Organisation

pytestmark = pytest.mark.browser

WIDTHS = {390: 844, 1280: 800}

PAGES = {  # who: pages; ids are filled from the demo
    None: ["/", "/consultations/", "/consultations/{open}", "/consultations/{deliberation}",
           "/consultations/{analysis}", "/consultations/proposals/{proposal}", "/consultations/proposals/{arabic}",
           "/councils/", "/councils/{sfax}", "/organisations/", "/organisations/{organisation}", "/about",
           "/privacy", "/contact", "/account/register", "/account/login", "/account/reset",
           "/consultations/search?q=bus", "/consultations/{members_only}"],
    "grace@majlis.example": ["/", "/consultations/{open}", "/consultations/{open}/proposals/new",
                             "/consultations/proposals/{proposal}", "/consultations/{deliberation}/vote",
                             "/notifications/", "/consultations/mine", "/account/profile", "/organisations/join"],
    "moderator@majlis.example": ["/moderation/organisations", "/consultations/{open}/manage",
                                 "/consultations/{analysis}/manage", "/consultations/new", "/councils/{sfax}/edit",
                                 "/organisations/{pending}"],
    "admin@majlis.example": ["/", "/account/users", "/councils/{sfax}/roles", "/councils/{sfax}"],
}

# For each visible navigation item, the number of lines its text takes (text nodes only, so that an
# icon beside the words does not count as a line of its own).
NAV_LINES = """() => [...document.querySelectorAll(
    '.site-header .nav-link, .site-header .dropdown-toggle, .site-header .btn, .site-header .dropdown-item')]
  .filter(el => el.offsetParent !== null)
  .map(el => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const tops = new Set();
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.textContent.trim() || node.parentElement.closest('.visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 1) tops.add(Math.round(rect.top / 8));
    }
    return [el.textContent.trim().replace(/\\s+/g, ' '), tops.size];
  })"""


@pytest.fixture
def demo(db):
    load()
    db.session.commit()
    titles = dict(db.session.execute(select(Consultation.title, Consultation.id)).all())
    first = lambda model, *where: db.session.scalar(select(model.id).where(*where))  # noqa: E731
    return {"open": titles["Accueillir les nouveaux arrivants à Sfax"],
            "deliberation": titles["Safer streets and public space in the Medina"],
            "analysis": titles["الصحة والرعاية للمهاجرين"],
            "members_only": titles["Conseil lyonnais : priorités de travail 2027"],
            "proposal": first(Proposal, Proposal.title.like("Un guichet%")),
            "arabic": first(Proposal, Proposal.title.like("دروس%")),
            "sfax": first(Council, Council.slug == "sfax"),
            "organisation": first(Organisation, Organisation.name.like("Association des étudiants%")),
            "pending": first(Organisation, Organisation.name.like("Red de Mujeres%"))}


def open_as(browser, live_server, who, language, width):
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": WIDTHS[width]},
                                  locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    if who:
        page.goto("/account/login")
        page.locator("#email").fill(who)
        page.locator("#password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/account/login" not in url)
    page.goto("/")
    page.locator("#language-toggle").click()
    page.locator(f".language-menu button[lang={language}]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language
    return context, page


def check_layout(page, width: int) -> list[str]:
    """What is wrong with the page at this width, in words (an empty list: nothing)."""
    problems = []
    document_width = page.evaluate("document.documentElement.scrollWidth")
    if document_width > width:
        wide = page.evaluate(f"""[...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > {width} + 1 && e.offsetParent !== null)
            .slice(0, 3).map(e => e.tagName + '.' + e.className)""")
        problems.append(f"document {document_width}px wide in a {width}px window: {wide}")
    problems += [f"nav item wraps: {text!r}" for text, lines in page.evaluate(NAV_LINES) if lines > 1]
    header = page.evaluate("document.querySelector('.site-header nav').getBoundingClientRect().height")
    if header > 80:
        problems.append(f"header is {header:.0f}px high: its items do not fit on one row")
    return problems


def check_open_menu(page) -> list[str]:
    """On a phone, the menu opens below the header and its items do not wrap either."""
    page.locator(".navbar-toggler").click()
    page.locator("#site-nav.show").wait_for()
    problems = [f"menu item wraps: {text!r}" for text, lines in page.evaluate(NAV_LINES) if lines > 1]
    width = page.evaluate("document.documentElement.scrollWidth")
    return problems + ([f"open menu makes the page {width}px wide"] if width > 390 else [])


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_fits_and_nothing_wraps(browser, live_server, demo, assert_accessible, language, width):
    problems = []
    for who, paths in PAGES.items():
        context, page = open_as(browser, live_server, who, language, width)
        for path in paths:
            page.goto(path.format(**demo))
            problems += [f"{who or 'visitor'} {path}: {p}" for p in check_layout(page, width)]
            assert_accessible(page)
        if width < 992:
            problems += [f"{who or 'visitor'} menu: {p}" for p in check_open_menu(page)]
        context.close()
    assert problems == [], "\n".join(problems)


def test_the_check_catches_a_wrapping_menu_and_a_wide_page(page):
    """Guard against a check that cannot fail: a too-narrow nav item and a too-wide table."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content('<html><body><header class="site-header"><nav><a class="nav-link" href="#" '
                     'style="display:inline-block;width:30px">Sign out</a></nav></header>'
                     '<table style="width:900px"><tr><td>x</td></tr></table></body></html>')
    problems = check_layout(page, 390)
    assert any("wraps" in p for p in problems) and any("wide" in p for p in problems)
