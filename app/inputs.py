"""Every URL parameter is checked here before it reaches the database: a bad one is a 4xx, never a 500.

Database integers are 32-bit signed on PostgreSQL, so an id or a page number beyond that range is
refused before any query; digits must be ASCII (`int('²')` fails, `'²'.isdigit()` is True)."""
from enum import Enum

from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter

from .permissions import refuse

MAX_ID = 2**31 - 1
MAX_PAGE = 100_000


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: positive and within the database's integer range, else 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_id(value) -> int | None:
    """An id from a form or a query string, or None when it is not one."""
    if value is None:
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def id_arg(name: str) -> int | None:
    """An optional id in the query string; present but malformed is a 400."""
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    number = parse_id(raw)
    if number is None:
        refuse(400, _l("“%(name)s” must be a number.", name=name))
    return number


def page_arg(name: str = "page") -> int:
    """The page number of a listing, 1 when absent; anything else than a sane number is a 400."""
    raw = request.args.get(name)
    if raw in (None, ""):
        return 1
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_PAGE:
        refuse(400, _l("The page number is not valid."))
    return int(text)


def choice_arg(name: str, allowed, default=None):
    """A value from a fixed set (an enum or a collection); an unknown one is a 400, not a query."""
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    values = {m.value for m in allowed} if isinstance(allowed, type) and issubclass(allowed, Enum) else set(allowed)
    if raw not in values:
        refuse(400, _l("“%(value)s” is not a valid value for “%(name)s”.", value=raw[:40], name=name))
    return raw


def text_arg(name: str, max_length: int = 200) -> str:
    return (request.args.get(name) or "").strip()[:max_length]


def init_app(app) -> None:
    app.url_map.converters["int"] = IdConverter
