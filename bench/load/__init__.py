"""The load harness (`make load`, `make fault`): gunicorn on PostgreSQL and Redis, filled with 10,000
real proposals, driven by Locust; the README says how to run and read it."""
