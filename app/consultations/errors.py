"""The refusal every consultation use case raises (proposals and deliberation included)."""
from app.domain_errors import DomainError


class ConsultationError(DomainError):
    pass
