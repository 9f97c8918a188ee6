"""Translatable role names."""
from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "participant": _l("participant"),
    "moderator": _l("moderator"),
    "commissioner": _l("commissioner"),
    "member": _l("council member"),
    "admin": _l("administrator"),
}


def labels() -> dict:
    return {"role_labels": ROLE_LABELS}
