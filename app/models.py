"""Imports every domain's models so that metadata (and Alembic) sees all tables."""
from app.accounts.models import User  # noqa: F401
from app.councils.models import Council  # noqa: F401
from app.mail.models import OutboxMessage  # noqa: F401
from app.organisations.models import Membership, Organisation  # noqa: F401
from app.consultations.models import (  # noqa: F401
    Attachment, Consultation, Feedback, Follow, PhaseWindow, Proposal, ProposalVersion, Statement, Support, Vote,
    VoteRecord)
from app.notifications.models import Notification, Preference  # noqa: F401
