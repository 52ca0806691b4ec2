"""Linkage quality and speed on generated duplicate reports with known truth.

Usage (from the repository root)::

    .venv/bin/python benchmarks/linkage.py [--kind persons|events|both] [--sizes 10000,100000]
                                           [--threshold P] [--json]

Sizes default to 10k, 100k and 1M person rows and 10k and 100k event rows (the
issue's goal names a million persons; an archive's events are fewer).

For each kind and size, a child process generates that many rows with
:mod:`whodid.link.generate` (a population of incidents and people, each told by
one to four reports with spelling, script, date, place and detail variations),
trains the Splink model on them (no labels: prior, random-sample u, EM m), scores
the blocked pairs, clusters at the model's threshold (or ``--threshold``), and compares with the truth:
pairwise precision, recall and F1. The baseline, measured in the same child on
the same rows, links rows whose folded Latin name and country (persons) or
country, day and region (events) are equal: what exact keys give. The parent
reads each child's peak resident memory (``os.wait4``), since DuckDB's memory is
not Python's. Goals (issue 7): F1 ≥ 0.95; a million person rows in under 10 min.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def child(kind: str, size: int, threshold: float | None) -> dict[str, Any]:
    """Generate, link and score one table; runs in its own process."""
    import pandas as pd

    from whodid.link import events, generate, persons
    from whodid.link.engine import SCORED_FROM, Run
    from whodid.link.measure import exact_baseline, pairwise

    t0 = time.perf_counter()
    if kind == "persons":
        mentions = generate.mentions(size)
        table = persons.frame(m.row() for m in mentions)
        truth = pd.DataFrame({"unique_id": table["unique_id"], "entity": [m.person for m in mentions]})
        spec, keys = persons.spec(), ["name_latin", "country"]
    else:
        reports = generate.reports(size)
        table = events.frame(r.row() for r in reports)
        truth = pd.DataFrame({"unique_id": table["unique_id"], "entity": [r.incident for r in reports]})
        spec, keys = events.spec(), ["country", "day", "admin1"]
    t1 = time.perf_counter()
    base = pairwise(exact_baseline(table, keys), truth)
    t2 = time.perf_counter()
    run = Run(spec, table, train=True)
    t3 = time.perf_counter()
    predicted = run.predict(threshold=SCORED_FROM)
    t4 = time.perf_counter()
    threshold = spec.threshold if threshold is None else threshold
    clusters = run.clusters(predicted, threshold)
    t5 = time.perf_counter()
    scores = pairwise(clusters, truth)
    return {
        "kind": kind,
        "rows": len(table),
        "threshold": threshold,
        "entities": int(truth["entity"].nunique()),
        "pairs_scored": len(predicted),
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "f1": round(scores.f1, 4),
        "baseline_precision": round(base.precision, 4),
        "baseline_recall": round(base.recall, 4),
        "baseline_f1": round(base.f1, 4),
        "baseline_s": round(t2 - t1, 2),
        "generate_s": round(t1 - t0, 2),
        "train_s": round(t3 - t2, 2),
        "predict_s": round(t4 - t3, 2),
        "cluster_s": round(t5 - t4, 2),
        "link_s": round(t5 - t2, 2),
    }


def measure(kind: str, size: int, threshold: float | None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", kind, str(size), str(threshold)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} {size}: child failed with {proc.returncode}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["wall_s"] = round(time.perf_counter() - start, 2)
    result["peak_mib"] = round(usage.ru_maxrss / 1024, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=("persons", "events", "both"), default="both")
    parser.add_argument("--sizes", default=None, help="comma-separated row counts, for every kind")
    parser.add_argument(
        "--threshold", type=float, default=None, help="cluster threshold (default: the model's)"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, size, threshold = args.child
        print(json.dumps(child(kind, int(size), float(threshold) if threshold != "None" else None)))
        return
    kinds = ("persons", "events") if args.kind == "both" else (args.kind,)
    defaults = {"persons": "10000,100000,1000000", "events": "10000,100000"}
    print(f"linkage benchmark: {os.cpu_count()} CPUs", flush=True)
    header = f"{'kind':8} {'rows':>9} {'thresh':>6} {'P':>6} {'R':>6} {'F1':>6} {'base F1':>7} {'F1/base':>7}"
    header += f" {'train s':>7} {'pred s':>7} {'link s':>7} {'wall s':>7} {'rows/s':>8} {'peak MiB':>8}"
    print(header, flush=True)
    results = []
    for kind in kinds:
        for size in [int(s) for s in (args.sizes or defaults[kind]).split(",")]:
            r = measure(kind, size, args.threshold)
            results.append(r)
            ratio = r["f1"] / r["baseline_f1"] if r["baseline_f1"] else float("inf")
            print(
                f"{kind:8} {r['rows']:>9,} {r['threshold']:>6.2f} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f}"
                f" {r['baseline_f1']:>7.3f} {ratio:>7.2f} {r['train_s']:>7.1f} {r['predict_s']:>7.1f}"
                f" {r['link_s']:>7.1f} {r['wall_s']:>7.1f} {r['rows'] / r['link_s']:>8,.0f}"
                f" {r['peak_mib']:>8.0f}",
                flush=True,
            )
    goals = [r for r in results if r["f1"] < 0.95]
    million = [r for r in results if r["kind"] == "persons" and r["rows"] >= 1_000_000]
    print(
        f"goal F1 >= 0.95: {'met' if not goals else 'NOT met for ' + ', '.join(str(r['rows']) for r in goals)}"
    )
    if million:
        print(
            f"goal 1M persons < 600 s: {'met' if million[0]['wall_s'] < 600 else 'NOT met'} ({million[0]['wall_s']} s)"
        )
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
