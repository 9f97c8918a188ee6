"""Run the test suite on SQLite, then again on PostgreSQL when it answers, and say which ran.

The analysis and selection-engine tests touch no database, so the PostgreSQL pass leaves them out."""
import os
import socket
import subprocess
import sys

POSTGRES_URL = os.environ.get("MAJLIS_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DATABASE_FREE = ["--ignore=tests/analysis", "--ignore=tests/selection"]


def postgres_answers(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        return False
    return True


def run(label: str, url: str, extra: list[str]) -> int:
    print(f"\n=== tests on {label} ({url}) ===", flush=True)
    env = dict(os.environ, MAJLIS_TEST_DATABASE_URL=url)
    return subprocess.call([sys.executable, "-m", "pytest", *extra, *sys.argv[1:]], env=env)


def main() -> int:
    results = {"SQLite": run("SQLite", "sqlite://", [])}
    if postgres_answers():
        results["PostgreSQL"] = run("PostgreSQL", POSTGRES_URL, DATABASE_FREE)
    else:
        print("\nPostgreSQL does not answer at 127.0.0.1:5432: its pass was NOT run.")
    print("\n=== databases run: " + ", ".join(f"{db} {'passed' if code == 0 else 'FAILED'}"
                                            for db, code in results.items()) + " ===")
    return max(results.values())


if __name__ == "__main__":
    sys.exit(main())
