"""Command line: one CSV in, one CSV out, no web app and no database.

    python -m app.analysis themes IN.csv --text-col COL [--id-col id] [--k N] -o OUT.csv [--report R.json]
    python -m app.analysis duplicates IN.csv --text-col COL [--id-col id] [--threshold 0.8] [--cross-lingual auto] -o OUT.csv
    python -m app.analysis opinion-groups DIR -o OUT.csv [--report R.json] [--replay [N]] [--min-group-size 5]
                                             [--state S.json] [--save-state S.json]
    python -m app.analysis triage IN.csv --text-col COL --city CITY [--id-col id] [--title-col title] [--explain] -o OUT.csv
    python -m app.analysis cities
"""
import argparse
import csv
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path


class InputError(Exception):
    """A problem with the user's input, reported in one clear line."""


def read_table(path: str, text_col: str, id_col: str | None) -> tuple[list[str], list[str]]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; re-save it as UTF-8")
    if not rows:
        raise InputError(f"{path}: the file is empty (no data rows)")
    for column in filter(None, (text_col, id_col)):
        if column not in rows[0]:
            raise InputError(f"{path}: no column {column!r}; columns are: {', '.join(rows[0])}")
    id_col = id_col or ("id" if "id" in rows[0] else None)  # row numbers when there is no id column
    ids = [row[id_col] for row in rows] if id_col else [str(i + 1) for i in range(len(rows))]
    return [row[text_col] or "" for row in rows], ids


def write_table(path: str, header: list[str], rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_themes(args) -> None:
    from .themes import find_themes

    texts, ids = read_table(args.input, args.text_col, args.id_col)
    result = find_themes(texts, ids, k=args.k, seed=args.seed, progress=progress)
    labels = {t.id: t.label for t in result.themes}
    write_table(args.output, ["id", "theme", "theme_label"],
                ((i, theme, labels.get(theme, "")) for i, theme in zip(ids, result.assignments)))
    if args.report:
        Path(args.report).write_text(json.dumps({"k": result.k, "automatic": result.k_chosen_automatically,
                                                 "parameters": result.parameters,
                                                 "themes": [_theme_report(t) for t in result.themes]},
                                                ensure_ascii=False, indent=1), encoding="utf-8")
    how = result.parameters.get("k_reason", "") if result.k_chosen_automatically else f"k={result.k} was asked for"
    progress(f"{len(texts)} texts, {result.k} themes ({how}) -> {args.output}")


def _theme_report(theme) -> dict:
    report = asdict(theme)
    report.pop("members")
    return report


def run_duplicates(args) -> None:
    from .duplicates import assignments, find_duplicates

    texts, ids = read_table(args.input, args.text_col, args.id_col)
    groups = find_duplicates(texts, ids, threshold=args.threshold, cross_lingual=args.cross_lingual)
    owner, sizes = assignments(groups, ids), {g.id: g.count for g in groups}
    write_table(args.output, ["id", "duplicate_group", "group_size"],
                ((i, "" if owner[i] is None else owner[i], sizes.get(owner[i], 1)) for i in ids))
    progress(f"{len(texts)} texts, {len(groups)} groups of near-copies ({sum(sizes.values())} texts) -> {args.output}")


def run_opinion_groups(args) -> None:
    from .opinion import agreement, opinion_groups, replay, stability
    from .polis import meta_statements, read_votes, rejected_statements, statement_texts, timed_votes

    folder = Path(args.folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    try:
        matrix = read_votes(folder)
    except FileNotFoundError as error:
        raise InputError(str(error))
    if not matrix.participants:
        raise InputError(f"{folder}: no votes found")
    options = {"k": args.k, "fill": args.fill, "min_group_size": args.min_group_size}
    if args.replay:
        votes = timed_votes(folder)
        if not votes:
            raise InputError(f"{folder}: --replay needs votes.csv with timestamps")
        excluded, meta = rejected_statements(folder), meta_statements(folder)
        runs = [replay(votes, every=args.replay, offset=_offset(args.replay, seed), moderated_out=excluded, meta=meta,
                       seed=seed, **options) for seed in range(args.seed, args.seed + args.stability_runs)]
        result, spread = runs[0], agreement(runs)
        spread["varied"] = "the first update (offset within one update interval) and the k-means start order"
    else:
        state = json.loads(Path(args.state).read_text(encoding="utf-8")) if args.state else None
        result = opinion_groups(matrix, seed=args.seed, state=state, **options)
        spread = stability(matrix, seeds=range(args.seed, args.seed + args.stability_runs), **options) \
            if args.stability_runs > 1 else {}
        spread["varied"] = "the order in which k-means takes its starting points"
    write_table(args.output, ["participant", "group"],
                ((p, "" if g is None else g) for p, g in result.assignments.items()))
    if args.save_state:
        Path(args.save_state).write_text(json.dumps(result.state), encoding="utf-8")
    if args.report:
        report = {**_opinion_report(result, statement_texts(folder)), "stability": spread}
        Path(args.report).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    moved = result.report.get("participants_moved_to_nearest_group", 0)
    progress(f"{len(matrix.participants)} participants, {len(result.groups)} groups ({result.report['k_reason']}; "
             f"{moved} moved out of groups under {args.min_group_size}) -> {args.output}")


def _offset(every: int, seed: int) -> int:
    """Replays with different seeds start their updates at different points of the vote stream."""
    return 0 if seed == 0 else max(1, (every * (seed % 5)) // 5)


def _opinion_report(result, texts) -> dict:
    def with_text(score):
        return {**asdict(score), "text": texts.get(score.statement, "")}

    return {"groups": [{"id": g.id, "size": len(g.members), "representative": [with_text(s) for s in g.representative]}
                       for g in result.groups],
            "consensus": [with_text(s) for s in result.consensus],
            "divisive": [{**d, "text": texts.get(d["statement"], "")} for d in result.divisive],
            "parameters": result.parameters,
            "how_k_was_chosen": {key: result.report[key] for key in ("k_reason", "k_candidates", "silhouettes", "k_smoother")
                                 if key in result.report},
            "minimum_group_size": {key: value for key, value in result.report.items()
                                   if key.startswith(("min_group", "small_groups", "participants_"))},
            "meta_statements_excluded": result.report.get("meta_statements_excluded", 0),
            "updates_replayed": result.report.get("updates_replayed")}


def run_triage(args) -> None:
    from .competences import CompetenceMap, UnknownCity
    from .triage import default_model

    try:
        competence_map = CompetenceMap.load(args.city)
    except UnknownCity as error:
        raise InputError(str(error))
    texts, ids = read_table(args.input, args.text_col, args.id_col)
    titles = read_table(args.input, args.title_col, args.id_col)[0] if args.title_col else None
    model, rows = default_model(), []
    header = ["id", "level", "category", "confidence", "refer_to", "matched_terms", "mixed"]
    for start in range(0, len(texts), 2000):
        batch_titles = titles[start:start + 2000] if titles else None
        for i, t in zip(ids[start:start + 2000], model.triage_many(texts[start:start + 2000], competence_map, batch_titles)):
            mixed = " | ".join(f"{p['category']}:{p['level']}" for p in t.parts) if t.mixed else ""
            row = [i, t.level, t.category, t.confidence, t.refer_to, "; ".join(t.matched_terms), mixed]
            rows.append(row + ([t.act, int(t.needs_review), t.reason] if args.explain else []))
        progress(f"{len(rows)} texts triaged")
    write_table(args.output, header + (["act", "needs_review", "reason"] if args.explain else []), rows)
    progress(f"{len(texts)} texts triaged for {competence_map.city} -> {args.output}")


def run_cities(args) -> None:
    from .competences import CompetenceMap, available_cities

    for slug in available_cities():
        cmap = CompetenceMap.load(slug)
        outside = sorted(c for c, comp in cmap.competences.items() if comp.level in ("regional", "national"))
        print(f"{slug:<10} {cmap.city} ({cmap.country}); outside the municipal mandate: {', '.join(outside)}")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m app.analysis", description=__doc__.split("\n")[0])
    commands = main.add_subparsers(dest="command", required=True)

    def table_command(name, func, help_text):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("input")
        command.add_argument("--text-col", required=True)
        command.add_argument("--id-col")
        command.add_argument("-o", "--output", required=True)
        command.set_defaults(func=func)
        return command

    themes = table_command("themes", run_themes, "cluster texts into themes")
    themes.add_argument("--k", type=int)
    themes.add_argument("--seed", type=int, default=0)
    themes.add_argument("--report")
    duplicates = table_command("duplicates", run_duplicates, "group near-copies")
    duplicates.add_argument("--threshold", type=float, default=0.8)
    duplicates.add_argument("--cross-lingual", choices=("auto", "on", "off"), default="auto",
                            help="also group the same request written in two languages (auto: up to 3,000 texts)")
    triage = table_command("triage", run_triage, "classify requests against a city's competence map")
    triage.add_argument("--city", required=True)
    triage.add_argument("--title-col", help="read each request's title before its text")
    triage.add_argument("--explain", action="store_true", help="add the act found, needs_review and the reason")
    opinion = commands.add_parser("opinion-groups", help="opinion groups from a Pol.is export folder")
    opinion.add_argument("folder")
    opinion.add_argument("-o", "--output", required=True)
    opinion.add_argument("--report")
    opinion.add_argument("--k", type=int)
    opinion.add_argument("--seed", type=int, default=0)
    opinion.add_argument("--replay", type=int, nargs="?", const=100, metavar="N",
                         help="replay votes.csv in time order, one update every N votes (default 100)")
    opinion.add_argument("--min-group-size", type=int, default=5,
                         help="no group smaller than this is returned; its members join the nearest group")
    opinion.add_argument("--fill", choices=("mean", "zero"), default="mean",
                         help="missing votes: the statement's mean (Pol.is since 2017) or 0 (Pol.is before)")
    opinion.add_argument("--state", help="JSON state of the previous run of this conversation (warm start)")
    opinion.add_argument("--save-state", help="write this run's JSON state here, for the next run")
    opinion.add_argument("--stability-runs", type=int, default=3,
                         help="runs compared for the stability figure of the report (1: none)")
    opinion.set_defaults(func=run_opinion_groups)
    commands.add_parser("cities", help="list the competence maps").set_defaults(func=run_cities)
    return main


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
