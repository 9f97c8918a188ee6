"""Small helpers shared by every form-handling view."""


def attach_error(form, error) -> None:
    """Show a service's refusal next to the field it is about (or at the top of the form)."""
    field = getattr(form, error.field, None) if getattr(error, "field", None) else None
    if field is not None:
        field.errors = list(field.errors) + [str(error.message)]
    else:
        form.form_errors.append(str(error.message))


def safe_next(target: str | None, default: str) -> str:
    """Only same-site relative paths are followed after sign-in (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def form_status(form) -> int:
    """422 for a form sent back with errors (so that clients and tests can tell), else 200."""
    return 422 if form.errors or form.form_errors else 200
