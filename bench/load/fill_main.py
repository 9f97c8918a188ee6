"""`python -m bench.load.fill_main PROPOSALS SUPPORTS`: fill DATABASE_URL, print the ids as JSON.

Run in its own process so that the app it imports is the served one (PYTHONPATH decides)."""
import json
import sys

from app import create_app

from .fill import PASSWORD, fill

if __name__ == "__main__":
    app = create_app("production", SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)
    print(json.dumps({**fill(app, int(sys.argv[1]), int(sys.argv[2])), "password": PASSWORD}))
