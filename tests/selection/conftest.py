"""The selection engine needs no app and no database; dataset tests read ../shared/datasets."""
import os
from pathlib import Path

import pytest

SORTITION = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "sortition"


@pytest.fixture(autouse=True)
def db():
    """Overrides the database fixture of tests/conftest.py: nothing here touches a database."""
    yield None


@pytest.fixture(scope="session")
def sortition() -> Path:
    if not SORTITION.is_dir():
        message = f"sortition instances not found at {SORTITION} (the shared/ folder beside the repository)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SORTITION
