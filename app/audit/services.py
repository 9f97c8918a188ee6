"""Append to the audit log and verify it. `record` never commits: the entry lands in the same
transaction as the change it records, or not at all."""
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.clock import aware, utcnow
from app.extensions import db

from .models import GENESIS, AuditEntry, AuditHead


def canonical(entry: AuditEntry) -> str:
    """The entry's content as one stable string (sorted keys, UTC ISO time, no whitespace)."""
    content = {"seq": entry.seq, "council_id": entry.council_id, "actor_id": entry.actor_id,
               "action": entry.action, "subject_type": entry.subject_type, "subject_id": entry.subject_id,
               "details": entry.details or {}, "created_at": aware(entry.created_at).isoformat(),
               "prev_hash": entry.prev_hash}
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def digest(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical(entry).encode("utf-8")).hexdigest()


def record(action: str, subject=None, *, actor=None, council_id: int | None = None, subject_type: str | None = None,
           subject_id: int | None = None, **details) -> AuditEntry:
    """Append an entry for `action` on `subject` (a model instance, or subject_type + subject_id)."""
    db.session.flush()
    _lock_head()
    head = db.session.scalar(select(AuditHead).where(AuditHead.id == 1).execution_options(populate_existing=True))
    entry = AuditEntry(seq=head.seq + 1, council_id=council_id, actor_id=getattr(actor, "id", None), action=action,
                       subject_type=subject_type or (type(subject).__name__.lower() if subject is not None else ""),
                       subject_id=subject_id if subject_id is not None else getattr(subject, "id", None),
                       details=details, created_at=utcnow().replace(microsecond=0), prev_hash=head.hash)
    entry.hash = digest(entry)
    head.seq, head.hash = entry.seq, entry.hash
    db.session.add(entry)
    return entry


def _lock_head() -> None:
    """Take the head's row lock, so that appends are serialised. The migration creates the row; if it
    is missing (a schema built without migrations), the first appender creates it, once."""
    lock = update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq)
    if db.session.execute(lock).rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.add(AuditHead(id=1, seq=0, hash=GENESIS))
    except IntegrityError:  # a concurrent first appender created it
        pass
    db.session.execute(lock)


@dataclass
class Verdict:
    ok: bool
    checked: int
    problem: str = ""
    entry_id: int | None = None


def verify() -> Verdict:
    """Recompute the chain in order; name the first entry that was altered, deleted or reordered."""
    previous, expected_seq, checked = GENESIS, 1, 0
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).yield_per(1000):
        if entry.seq != expected_seq:
            return Verdict(False, checked, f"entry {expected_seq} is missing (found {entry.seq} next)", entry.id)
        if entry.prev_hash != previous:
            return Verdict(False, checked, f"entry {entry.seq} does not follow entry {entry.seq - 1} "
                                           "(reordered, or an earlier entry was replaced)", entry.id)
        if digest(entry) != entry.hash:
            return Verdict(False, checked, f"entry {entry.seq} was altered after it was written", entry.id)
        previous, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.seq != checked or head.hash != previous):
        return Verdict(False, checked, f"the chain ends at entry {checked} but {head.seq} were written "
                                       "(the last entries were deleted)")
    return Verdict(True, checked)


def entries(council_ids=None, action: str | None = None, actor_id: int | None = None, since=None, until=None):
    """A filtered listing, newest first, for the audit page (None for council_ids: every council)."""
    query = select(AuditEntry).order_by(AuditEntry.seq.desc())
    if council_ids is not None:
        query = query.where(AuditEntry.council_id.in_(council_ids))
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    if actor_id:
        query = query.where(AuditEntry.actor_id == actor_id)
    if since:
        query = query.where(AuditEntry.created_at >= since)
    if until:
        query = query.where(AuditEntry.created_at < until)
    return query
