"""Run the benchmarks, each in its own process, and print their figures."""
import json
import subprocess
import sys

ALL = ["triage", "opinion", "themes_barcelona", "crosslingual", "themes_100k", "selection", "analysis_run"]


def main(names: list[str]) -> int:
    failed = 0
    for name in names or ALL:
        print(f"== {name}", flush=True)
        run = subprocess.run([sys.executable, "-m", f"bench.{name}"], capture_output=True, text=True)
        sys.stderr.write(run.stderr[-3000:] if run.returncode else "")
        lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
        if run.returncode or not lines:
            failed += 1
            print(f"   failed (exit {run.returncode})")
            continue
        for key, value in json.loads(lines[-1]).items():
            print(f"   {key:<40} {value}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
