"""The printed table, the checks, and which targets of issue 8 were missed."""
import os

READ_P95_MS, READ_RATIO, PROPOSAL_P95_MS, WRITE_P95_MS = 150, 0.40, 100, 250


def _fmt(value, digits=0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def table(title: str, rows: list[dict], ceiling: float, ceiling_p95: float | None = None) -> str:
    """One line per route; with the static file's p95 (`ceiling_p95`), also each p95 as a multiple of
    it: this machine's speed varies about twofold between days, and the multiple moves less than the
    milliseconds do."""
    lines = [f"\n{title}   (load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores)",
             "| route | req/s | p50 ms | p95 ms | p99 ms | requests | failures | ÷ static file |"
             + (" p95 ÷ static p95 |" if ceiling_p95 else ""),
             "|---|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if ceiling_p95 else "")]
    for row in rows:
        ratio = row["rps"] / ceiling if ceiling else 0
        latency = f" {(row['p95'] or 0) / ceiling_p95:.1f} |" if ceiling_p95 else ""
        lines.append(f"| {row['name']} | {_fmt(row['rps'], 1)} | {_fmt(row['p50'])} | {_fmt(row['p95'])} | "
                     f"{_fmt(row['p99'])} | {row['requests']:,} | {row['failures']:,} | {ratio:.2f} |{latency}")
    return "\n".join(lines)


def checks(result: dict, acks_path) -> str:
    return (f"\nacknowledged writes: {result['acknowledged']:,} {result['by_kind']}; lost: {result['lost']}; "
            f"duplicated: {result['duplicated']}; proposals whose counters differ from their rows: "
            f"{result['counter_mismatches']}" + (f"\nexamples: {result['examples']}" if result["examples"] else "")
            + f"\n(acknowledgements: {acks_path})")


def _is_page(name: str) -> bool:
    return name.startswith("consultation") or name == "search"


def missed(rows: list[dict], mixed: dict, result: dict, ceiling: float) -> list[str]:
    """Each target that the run missed, in words."""
    out = []
    for row in rows:
        if _is_page(row["name"]):
            if (row["p95"] or 0) > READ_P95_MS:
                out.append(f"{row['name']}: p95 {row['p95']} ms > {READ_P95_MS}")
            if row["rps"] < READ_RATIO * ceiling:
                out.append(f"{row['name']}: {row['rps']:.0f} req/s < {READ_RATIO:.0%} of {ceiling:.0f}")
        if row["name"] == "proposal page" and (row["p95"] or 0) > PROPOSAL_P95_MS:
            out.append(f"proposal page: p95 {row['p95']} ms > {PROPOSAL_P95_MS}")
        if row["failures"]:
            out.append(f"{row['name']}: {row['failures']} failed requests")
    out += _mixed_missed(mixed)
    out += [f"{result[k]} {k.replace('_', ' ')}" for k in ("lost", "duplicated", "counter_mismatches") if result[k]]
    return out


def _mixed_missed(mixed: dict) -> list[str]:
    out = []
    for name, row in mixed.items():
        if name.startswith("write") and "(retry)" not in name and (row["p95"] or 0) > WRITE_P95_MS:
            out.append(f"mixed, {name}: p95 {row['p95']} ms > {WRITE_P95_MS}")
        if row["failures"]:
            out.append(f"mixed, {name}: {row['failures']} failed requests")
    return out


def verdict(missed_targets: list[str]) -> str:
    if not missed_targets:
        return "ALL TARGETS MET"
    return "TARGETS MISSED:\n  - " + "\n  - ".join(missed_targets)
