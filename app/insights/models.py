"""What an analysis run stores, and what moderators curate.

Themes, duplicate groups and mandate flags belong to the *consultation* and keep their identity from one
run to the next (a new run is matched to them by members), so that a moderator's rename, merge, move or
override, and a city's response to a theme, survive a re-run. The run records what computed them."""
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db, str_enum


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class AnalysisRun(db.Model):
    """One run of the engine on a consultation: its stage and progress while it works, then its results."""
    __tablename__ = "analysis_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[RunStatus] = mapped_column(str_enum(RunStatus, 10), default=RunStatus.QUEUED)
    stage: Mapped[str] = mapped_column(String(40), default="queued")  # queued, themes, duplicates, opinion, triage, saving, done
    progress: Mapped[int] = mapped_column(default=0)  # 0..100
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)  # seed, k, duplicate threshold, min group size…
    versions: Mapped[dict] = mapped_column(JSON, default=dict)  # library name -> version
    summary: Mapped[dict] = mapped_column(JSON, default=dict)  # counts per result, k chosen and why…
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))  # a dead worker stops beating
    finished_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))


class Theme(db.Model):
    """A theme of a consultation, stable across runs; `name` (a moderator's) wins over the computed label."""
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_runs.id", ondelete="SET NULL"))  # last computed by
    label: Mapped[str] = mapped_column(String(200), default="")  # computed: distinctive terms
    labels: Mapped[dict] = mapped_column(JSON, default=dict)  # language -> computed label in that language
    name: Mapped[str] = mapped_column(String(200), default="")  # curated name; empty = use the label
    terms: Mapped[list] = mapped_column(JSON, default=list)
    quotes: Mapped[list] = mapped_column(JSON, default=list)  # proposal ids of the representative submissions
    languages: Mapped[dict] = mapped_column(JSON, default=dict)  # language -> number of members
    # A theme merged into another, or no longer found by a run, is retired, never deleted: a response may
    # point at it. merged_into says where its members went.
    retired_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    members: Mapped[list["ThemeMember"]] = relationship(back_populates="theme", cascade="all, delete-orphan")

    @property
    def title(self) -> str:
        return self.name or self.label


class ThemeMember(db.Model):
    """A proposal in a theme: a proposal sits in at most one theme. `pinned` = a moderator put it there."""
    __tablename__ = "theme_members"
    __table_args__ = (UniqueConstraint("proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    pinned: Mapped[bool] = mapped_column(default=False)

    theme: Mapped[Theme] = relationship(back_populates="members")


class DuplicateStatus(StrEnum):
    OPEN = "open"  # found by a run, no decision yet
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class DuplicateGroup(db.Model):
    """Near-duplicate submissions (a campaign, or the same request posted twice) and the moderator's decision."""
    __tablename__ = "duplicate_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_runs.id", ondelete="SET NULL"))
    status: Mapped[DuplicateStatus] = mapped_column(str_enum(DuplicateStatus, 10), default=DuplicateStatus.OPEN)
    proposal_ids: Mapped[list] = mapped_column(JSON, default=list)  # sorted
    canonical_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"))
    similarity: Mapped[float] = mapped_column(default=0.0)
    retired_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))


class FlagStatus(StrEnum):
    AUTOMATIC = "automatic"
    CONFIRMED = "confirmed"
    OVERRIDDEN = "overridden"


class MandateFlag(db.Model):
    """Mandate triage of one proposal: the engine's answer, and a moderator's confirmation or override.

    `effective_*` is what every page, the briefing, the export and the API show."""
    __tablename__ = "mandate_flags"
    __table_args__ = (UniqueConstraint("proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_runs.id", ondelete="SET NULL"))
    level: Mapped[str] = mapped_column(String(20), default="")  # municipal, shared, regional, national, undetermined
    category: Mapped[str] = mapped_column(String(60), default="")
    authority: Mapped[str] = mapped_column(String(200), default="")
    confidence: Mapped[float] = mapped_column(default=0.0)
    needs_review: Mapped[bool] = mapped_column(default=False)
    mixed: Mapped[bool] = mapped_column(default=False)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)  # the act found, matched terms, parts of a mixed request
    status: Mapped[FlagStatus] = mapped_column(str_enum(FlagStatus, 10), default=FlagStatus.AUTOMATIC)
    override_level: Mapped[str] = mapped_column(String(20), default="")
    override_category: Mapped[str] = mapped_column(String(60), default="")
    override_authority: Mapped[str] = mapped_column(String(200), default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))

    @property
    def effective_level(self) -> str:
        return self.override_level or self.level

    @property
    def effective_category(self) -> str:
        return self.override_category or self.category

    @property
    def effective_authority(self) -> str:
        return self.override_authority or self.authority

    @property
    def outside_mandate(self) -> bool:
        return self.effective_level in ("regional", "national")


class TriageCorrection(db.Model):
    """A moderator's override, kept per council and fed back to that council's triage classifier."""
    __tablename__ = "triage_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(60), default="")
    level: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class OpinionSnapshot(db.Model):
    """Opinion groups of a consultation's statement votes at one run, and the state that warm-starts the next.

    Holds pseudonymous positions only (user id -> x, y, group), never how anyone voted; pages show the
    signed-in voter their own point and everyone else only as groups of at least the council's k."""
    __tablename__ = "opinion_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_runs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    participants: Mapped[int] = mapped_column(default=0)  # voters clustered
    k: Mapped[int] = mapped_column(default=0)
    points: Mapped[dict] = mapped_column(JSON, default=dict)  # str(user id) -> [x, y, group or null]
    groups: Mapped[list] = mapped_column(JSON, default=list)  # [{id, size, centre:[x,y], representative:[{statement_id, agree_share,…}]}]
    consensus: Mapped[list] = mapped_column(JSON, default=list)  # [{statement_id, agree_share, …}]
    divisive: Mapped[list] = mapped_column(JSON, default=list)
    unassigned: Mapped[int] = mapped_column(default=0)
    state: Mapped[dict] = mapped_column(JSON, default=dict)  # warm start for the next run (centres, k history)
    report: Mapped[dict] = mapped_column(JSON, default=dict)  # k and why, stability across seeds, min size rule
