"""Locale choice and text direction for every page."""
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

from .extensions import babel


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


def page_language() -> dict:
    """`html_lang` and `html_dir` for <html>, and the languages offered by the switcher."""
    lang = str(get_locale())
    return {
        "html_lang": lang,
        "html_dir": "rtl" if is_rtl(lang) else "ltr",
        "available_languages": current_app.config["LANGUAGES"],
        "text_dir": lambda code: "rtl" if is_rtl(code) else "ltr",
    }


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(page_language)
