"""Analysis tests need no app and no database; dataset tests read ../shared/datasets."""
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
        pytest.skip(f"reference datasets not found at {DATASETS} (the shared/ folder beside the repository)")
    return DATASETS
