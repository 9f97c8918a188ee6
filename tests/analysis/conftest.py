"""Analysis tests need no app and no database; dataset tests read ../shared/datasets."""
import os
from pathlib import Path

import pytest

DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"


@pytest.fixture(autouse=True)
def db():
    """Overrides the database fixture of tests/conftest.py: nothing here touches a database."""
    yield None


@pytest.fixture(scope="session")
def datasets() -> Path:
    if not DATASETS.is_dir():
        message = f"reference datasets not found at {DATASETS} (the shared/ folder beside the repository)"
        if os.environ.get("CI"):  # CI always has them: the quality bars must not be skipped there
            pytest.fail(message)
        pytest.skip(message)
    return DATASETS
