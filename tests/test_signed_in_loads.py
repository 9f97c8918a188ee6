"""A fresh process (a new gunicorn worker) whose first request is a signed-in person's: the loader
names relationships declared as backrefs by other features, which must exist before any query."""
import subprocess
import sys


def test_backrefs_exist_as_soon_as_the_app_is_built():
    code = ("from app import create_app; create_app('testing');"
            "from app.accounts.models import SIGNED_IN_LOADS; [load() for load in SIGNED_IN_LOADS]")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
