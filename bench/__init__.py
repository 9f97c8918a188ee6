"""Benchmarks: `make bench` (or `python -m bench [name ...]`). Not part of the test suite.

Each benchmark runs in its own process so that its peak memory is its own."""
