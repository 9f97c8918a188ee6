"""User markup: Markdown rendered to HTML, then cleaned by nh3 (Ammonia) to a small safe subset."""
import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a", "code", "pre", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def clean_markdown(text: str) -> str:
    """The stored text is the author's Markdown with any HTML made harmless."""
    return nh3.clean(text or "", tags=set(), attributes={}).strip() if "<" in (text or "") else (text or "").strip()


def render(text: str) -> Markup:
    """Markdown → HTML cleaned by nh3, which is what makes it safe to mark as Markup."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                            url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow"))
