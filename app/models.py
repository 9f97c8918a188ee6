"""Imports every domain's models so that metadata (and Alembic) sees all tables."""
from app.accounts.models import User  # noqa: F401
from app.councils.models import Council, CouncilRole  # noqa: F401
from app.mail.models import OutboxMessage  # noqa: F401
from app.organisations.models import Membership, Organisation  # noqa: F401
from app.consultations.models import Consultation, PhaseWindow  # noqa: F401
from app.consultations.proposals.models import (  # noqa: F401
    Attachment, Feedback, Proposal, ProposalVersion, Support)
from app.consultations.deliberation.models import Statement, Vote, VoteRecord  # noqa: F401
from app.notifications.models import Follow, Notification, Preference  # noqa: F401
from app.audit.models import AuditEntry, AuditHead  # noqa: F401
from app.moderation.models import (  # noqa: F401
    AccreditationDecision, Block, Declaration, OrganisationFunding, ReferenceDimension, ReferenceGroup, Report,
    Selection)
from app.insights.models import (  # noqa: F401
    AnalysisRun, DuplicateGroup, MandateFlag, OpinionSnapshot, Theme, ThemeMember, TriageCorrection)
from app.responses.models import (  # noqa: F401
    Commitment, CommitmentUpdate, Response, ResponseVersion)
from app.consultations import freshness  # noqa: F401,E402  (revision bumps ride on every flush)

from sqlalchemy.orm import configure_mappers  # noqa: E402

# Every relationship exists from here on, backrefs included (User.council_roles, User.memberships):
# the signed-in person's loader names them before any query would have configured the mappers.
configure_mappers()
