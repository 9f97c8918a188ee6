"""Attachments: PDF, PNG or JPEG up to 5 MB, recognised by their first bytes, not their name, and
stored outside the web root under a random name.

The name shown keeps the author's words (Arabic included) but always ends with the extension of
the type the bytes really are, so `page.html` that is a PNG downloads as `page.png`."""
import re
import secrets
import unicodedata
from pathlib import Path

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.unit_of_work import on_rollback

from ..errors import ConsultationError
from .models import Attachment

MAX_SIZE = 5 * 1024 * 1024
SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
_UNSAFE = re.compile(r"[^\w\- ]+", re.UNICODE)


def sniff(head: bytes) -> str | None:
    """The content type the bytes really are, among those accepted."""
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def check(data: bytes, filename: str) -> str:
    if len(data) > MAX_SIZE:
        raise ConsultationError(_l("%(name)s is larger than 5 MB.", name=filename), field="attachments", status=422)
    content_type = sniff(data[:16])
    if content_type is None:
        raise ConsultationError(_l("%(name)s is not a PDF, PNG or JPEG file.", name=filename), field="attachments",
                                status=422)
    return content_type


def check_all(files) -> list[tuple[str, bytes, str]]:
    """Every file checked before any is stored: one bad file stores none (never half-applied)."""
    return [(name, data, check(data, name)) for name, data in files]


def safe_name(filename: str, content_type: str) -> str:
    """A display name in the author's script, without path, control or markup characters."""
    stem = Path(unicodedata.normalize("NFC", filename or "").replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = " ".join(_UNSAFE.sub(" ", stem).split())[:120] or "attachment"
    return stem + EXTENSIONS[content_type]


def store(proposal, checked: list[tuple[str, bytes, str]], folder: Path) -> list[Attachment]:
    """Write the files and add their rows; if the transaction rolls back, the files go too."""
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    for name, data, content_type in checked:
        key = secrets.token_hex(16)
        path = folder / key
        path.write_bytes(data)
        on_rollback(lambda p=path: p.unlink(missing_ok=True))
        stored.append(Attachment(proposal_id=proposal.id, filename=safe_name(name, content_type),
                                 stored_as=key, content_type=content_type, size=len(data)))
    db.session.add_all(stored)
    return stored


def path_of(attachment: Attachment, folder: Path) -> Path:
    return folder / attachment.stored_as
