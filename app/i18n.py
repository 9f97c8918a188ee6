"""Locale choice, text direction, language names and bidirectional isolation for every page."""
from babel import Locale, UnknownLocaleError
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from markupsafe import Markup, escape

from .extensions import babel

FSI, PDI = "\u2068", "\u2069"  # FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE


def select_locale() -> str:
    """The switcher's choice for this visit wins, then a signed-in user's saved language, then the
    switcher's cookie from an earlier visit, then the browser's languages."""
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and services run outside requests
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if session.get("lang") in supported:
        return session["lang"]
    preferred = getattr(current_user, "language", None) if current_user and current_user.is_authenticated else None
    if preferred in supported:
        return preferred
    cookie = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    if cookie in supported:
        return cookie
    return request.accept_languages.best_match(list(supported)) or current_app.config["BABEL_DEFAULT_LOCALE"]


def is_rtl(language: str | None) -> bool:
    return (language or "").split("_")[0] in current_app.config["RTL_LANGUAGES"]


def isolate(text) -> str:
    """Plain text (a name, a title) wrapped in Unicode isolates, so that an Arabic name inside a
    French sentence, or the reverse, keeps its own direction without reordering its neighbours.
    For e-mails and stored sentences; HTML pages use <bdi> (the `bdi` filter)."""
    return f"{FSI}{text}{PDI}"


def bdi(text) -> Markup:
    """`{{ name|bdi }}`: the escaped text in a <bdi> element."""
    return Markup("<bdi>%s</bdi>") % escape(text)


def language_name(code: str | None, capital: bool = False) -> str:
    """A language's name in the reader's language, from Babel's locale data ('fr' → 'الفرنسية')."""
    code = (code or "und").split("_")[0]
    try:
        name = get_locale().languages.get(code) or Locale.parse(code).get_display_name(get_locale())
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        name = code
    return name[:1].upper() + name[1:] if capital and name else name


def country_name(code: str | None) -> str:
    """A country's name in the reader's language ('TN' → 'Tunisie')."""
    return get_locale().territories.get((code or "").upper(), code or "")


def page_language() -> dict:
    """`html_lang` and `html_dir` for <html>, and the languages offered by the switcher."""
    lang = str(get_locale())
    return {
        "html_lang": lang,
        "html_dir": "rtl" if is_rtl(lang) else "ltr",
        "available_languages": current_app.config["LANGUAGES"],
        "text_dir": lambda code: "rtl" if is_rtl(code) else "ltr",
        "language_name": language_name,
        "country_name": country_name,
    }


def settle_locale() -> None:
    """Called before a request's commit: choose the language while the signed-in person is loaded.
    A flash message is a lazy string turned into text when the session is saved, after the commit
    has expired every loaded object: choosing the language only then loaded the person (and their
    roles) a second time on every form sent. Only when someone is loaded already: asking who the
    visitor is would otherwise start a session for an anonymous request that had none."""
    from flask import g

    if has_request_context() and g.get("_login_user") is not None:
        get_locale()


def request_translations():
    """flask_babel.get_translations(), remembered for the rest of the request while the locale stays
    the same object (flask_babel.refresh() makes a new one). Templates call gettext 40 to 80 times a
    page, and each call looked the domain, the context and the locale up again: 7.4 µs a call against
    about 2.5 µs remembered, a few per cent of a page rendered on a cache miss."""
    from flask import g, has_app_context

    if not has_app_context():
        return get_translations()
    locale = get_locale()
    remembered = g.get("_majlis_translations")
    if remembered is None or remembered[0] is not locale:
        remembered = g._majlis_translations = (locale, get_translations())
    return remembered[1]


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(  # Flask-Babel's own, with the translations remembered
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True)
    app.context_processor(page_language)
    app.add_template_filter(bdi, "bdi")
    app.add_template_filter(language_name, "language_name")
