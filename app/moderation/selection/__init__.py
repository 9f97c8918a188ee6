"""Fair selection of seats from a pool of volunteers (LEXIMIN lotteries, verifiable draws).

Framework-free on purpose: plain Python, numpy and scipy's HiGHS, no Flask and no database, so that
the algorithm can be tested and benchmarked alone (bench/selection.py) and re-run by anyone."""
