"""The one place permission functions are registered, enforced and offered to templates.

Each domain writes one `can_<action>(user, obj=None) -> bool` function in its own
permissions.py and decorates it with @permission; views call require(...), templates
call the same functions, so the UI never offers what the server refuses."""
from functools import wraps

from werkzeug.exceptions import default_exceptions

REGISTRY: dict = {}


def permission(func):
    """Register a can_* function so that templates see it too."""
    @wraps(func)
    def checked(user, *args, **kwargs) -> bool:
        return bool(user is not None and func(user, *args, **kwargs))

    REGISTRY[func.__name__] = checked
    return checked


def require(allowed: bool, message: str | None = None) -> None:
    """Abort with 403 (and a reason when there is one) unless allowed."""
    if not allowed:
        refuse(403, message)


def refuse(code: int, message=None):
    """Stop the request with an HTTP error whose page says the domain's reason."""
    error = default_exceptions[code]()
    error.majlis_message = str(message) if message is not None else None
    raise error


def init_app(app) -> None:
    app.context_processor(lambda: dict(REGISTRY))
