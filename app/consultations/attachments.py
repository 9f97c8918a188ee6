"""Attachments: PDF, PNG or JPEG up to 5 MB, recognised by their first bytes, not their name, and
stored outside the web root under a random name."""
import secrets
from pathlib import Path

from flask_babel import lazy_gettext as _l
from werkzeug.utils import secure_filename

from app.extensions import db

from .models import Attachment
from .services import ConsultationError

MAX_SIZE = 5 * 1024 * 1024
SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


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


def store(proposal, files: list[tuple[str, bytes]], folder: Path) -> list[Attachment]:
    """Check every file first, so that one bad file stores none (never half-applied)."""
    checked = [(name, data, check(data, name)) for name, data in files]
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    for name, data, content_type in checked:
        key = secrets.token_hex(16)
        (folder / key).write_bytes(data)
        stored.append(Attachment(proposal_id=proposal.id, filename=secure_filename(name) or "attachment",
                                 stored_as=key, content_type=content_type, size=len(data)))
    db.session.add_all(stored)
    db.session.commit()
    return stored


def path_of(attachment: Attachment, folder: Path) -> Path:
    return folder / attachment.stored_as
