"""User markup: stored as the author typed it (so `a < b` stays `a < b`), rendered as Markdown and
cleaned by nh3 (Ammonia) to a small safe subset at display time, the only place HTML is made.

Both conversions are pure functions of the text, and a busy page shows the same texts again and
again (twenty cards on each page of a consultation, a signed-in reader's uncached pages): each
worker keeps its recent results for texts up to CACHED_LENGTH characters (two bounded LRUs: at
most about 2,000 × 2,000 characters each, 16 MB per worker in the worst case of four-byte
characters, a few MB in practice), which takes most of the Markdown work off the page. Longer texts
are converted each time."""
import html
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a", "code", "pre", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


CACHED_LENGTH = 2000


def render(text: str) -> Markup:
    """Markdown → HTML cleaned by nh3, which is what makes it safe to mark as Markup."""
    text = str(text or "")  # a Markup and an equal str would share a cache entry
    return _render_cached(text) if len(text) <= CACHED_LENGTH else _render(text)


def _render(text: str) -> Markup:
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                            url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow"))


_render_cached = lru_cache(maxsize=2048)(_render)


def excerpt(text: str, length: int = 180) -> str:
    """The plain text of a Markdown body, cut at a word for a card (the page escapes it)."""
    text = str(text or "")
    return _excerpt_cached(text, length) if len(text) <= CACHED_LENGTH else _excerpt(text, length)


def _excerpt(text: str, length: int) -> str:
    plain = " ".join(html.unescape(nh3.clean(markdown.markdown(text or ""), tags=set())).split())
    if len(plain) <= length:
        return plain
    return plain[:length].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


_excerpt_cached = lru_cache(maxsize=2048)(_excerpt)
