"""`python -m bench.load.fill_main PROPOSALS SUPPORTS`: fill DATABASE_URL, print the ids as JSON.

Run in its own process so that the app it imports is the served one: LOAD_APP_DIR (another
checkout, for "before" figures) goes first on the path for `app`, after this package is loaded."""
import json
import os
import sys

from .fill import PASSWORD, fill

if os.environ.get("LOAD_APP_DIR"):
    sys.path.insert(0, os.environ["LOAD_APP_DIR"])

from app import create_app  # noqa: E402  (after the path is set)

if __name__ == "__main__":
    app = create_app("production", SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)
    print(json.dumps({**fill(app, int(sys.argv[1]), int(sys.argv[2])), "password": PASSWORD}))
