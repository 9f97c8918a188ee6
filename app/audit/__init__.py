"""The tamper-evident audit log, a service every feature may use: `record(...)` in the same
transaction as the change it records; `flask audit verify` checks the chain."""
from .services import record, verify  # noqa: E402,F401
