"""Throughput of ``whodid extract --flat`` against bare spaCy on the same texts, in one run.

Usage (from the repository root)::

    .venv/bin/python benchmarks/throughput.py [--cases FILE ...] [--min-docs 2000] [--batch-size 64]
                                              [--repeat 1] [--json]

The development cases are repeated until there are at least ``--min-docs`` documents and written
to a temporary JSONL file. Three child processes then run one after the other, each timed by this
process, which also reads each one's own CPU time and peak resident memory (``os.wait4``):

- ``load``: start Python, import spaCy and load the model with ``whodid.extract.nlp.load()``, exit;
- ``baseline``: the same, then ``nlp.pipe`` over every text (same model, ``--batch-size``);
- ``whodid``: the command line ``whodid extract TMP.jsonl --flat``, output to /dev/null.

Documents per second are given including the start-up, and excluding it (wall or CPU time minus
the ``load`` child's), so the ratio compares the processing itself. With ``--repeat N`` the three
runs are measured N times, alternating, and the fastest of each is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED_DEV = REPO.parent / "shared" / "dev"
DEFAULT_CASES = (SHARED_DEV / "cases.jsonl", SHARED_DEV / "dispatches.jsonl")
FALLBACK_GLOB = "examples/*.txt"


@dataclass
class Measure:
    """One child process: what it did, how long it took, how much memory it held at most."""

    name: str
    docs: int
    wall_s: float
    cpu_s: float
    maxrss_mib: float
    returncode: int
    inner: dict[str, Any] = field(default_factory=dict)
    stderr_tail: str = ""

    def docs_per_s(self, minus_s: float = 0.0) -> float | None:
        busy = self.wall_s - minus_s
        return self.docs / busy if self.docs and busy > 0 else None

    def docs_per_cpu_s(self, minus_s: float = 0.0) -> float | None:
        busy = self.cpu_s - minus_s
        return self.docs / busy if self.docs and busy > 0 else None


# --------------------------------------------------------------------------- children


def _child_load(_: argparse.Namespace) -> dict[str, Any]:
    start = time.perf_counter()
    from whodid.extract.nlp import load

    nlp = load()
    return {"load_s": time.perf_counter() - start, "pipeline": list(nlp.pipe_names)}


def _child_baseline(args: argparse.Namespace) -> dict[str, Any]:
    start = time.perf_counter()
    from whodid.extract.nlp import load

    nlp = load()
    loaded = time.perf_counter()
    with open(args.child_cases, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    read = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=args.batch_size):
        tokens += len(doc)
    done = time.perf_counter()
    return {
        "load_s": loaded - start,
        "read_s": read - loaded,
        "pipe_s": done - read,
        "docs": len(texts),
        "tokens": tokens,
        "pipe_docs_per_s": len(texts) / (done - read) if done > read else None,
    }


CHILDREN = {"load": _child_load, "baseline": _child_baseline}


def run_child(args: argparse.Namespace) -> int:
    """Entry point of a child process: do the work, print what it measured as one JSON line."""
    result = CHILDREN[args.child](args)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


# --------------------------------------------------------------------------- parent


def _maxrss_mib(ru_maxrss: int) -> float:
    # Linux reports kibibytes, macOS bytes.
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


def measure(name: str, command: list[str], docs: int, stdout_to_null: bool = False) -> Measure:
    """Run ``command`` as a child process and measure its wall time and its own peak RSS."""
    with tempfile.TemporaryFile("w+b") as out, tempfile.TemporaryFile("w+b") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL if stdout_to_null else out,
            stderr=err,
        )
        # wait4 gives the resource usage of this child alone, not of all children so far.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    inner: dict[str, Any] = {}
    if not stdout_to_null and proc.returncode == 0:
        last = stdout.strip().splitlines()[-1:] or ["{}"]
        inner = json.loads(last[0])
    return Measure(
        name=name,
        docs=docs,
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        maxrss_mib=_maxrss_mib(usage.ru_maxrss),
        returncode=proc.returncode,
        inner=inner,
        stderr_tail="\n".join(stderr.strip().splitlines()[-15:]) if proc.returncode else "",
    )


def collect_cases(paths: list[Path]) -> tuple[list[dict[str, Any]], str]:
    """The cases to repeat (id, text, published) and a line saying where they came from."""
    cases: list[dict[str, Any]] = []
    found = [p for p in paths if p.is_file()]
    for path in found:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                obj = json.loads(line)
                if isinstance(obj.get("text"), str) and obj["text"].strip():
                    case = {"id": str(obj.get("id", f"{path.stem}-{n}")), "text": obj["text"]}
                    if obj.get("published"):
                        case["published"] = str(obj["published"])[:10]
                    cases.append(case)
    if cases:
        missing = [str(p) for p in paths if not p.is_file()]
        origin = ", ".join(str(p) for p in found) + (f" (not found: {', '.join(missing)})" if missing else "")
        return cases, origin
    examples = sorted(REPO.glob(FALLBACK_GLOB))
    for path in examples:
        cases.append({"id": path.stem, "text": path.read_text(encoding="utf-8")})
    origin = (
        f"development cases not found ({', '.join(str(p) for p in paths)}); "
        f"using the {len(examples)} texts {FALLBACK_GLOB} instead"
    )
    return cases, origin


def repeat_cases(cases: list[dict[str, Any]], min_docs: int) -> list[dict[str, Any]]:
    """Whole copies of ``cases``, ids made unique, until there are at least ``min_docs``."""
    copies = max(1, -(-min_docs // len(cases)))
    return [{**case, "id": f"{case['id']}#{k}"} for k in range(copies) for case in cases]


def whodid_command() -> list[str]:
    script = Path(sys.executable).parent / "whodid"
    if script.is_file():
        return [str(script)]
    found = shutil.which("whodid")
    return [found] if found else [sys.executable, "-m", "whodid.cli.main"]


def _fmt(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def report(results: dict[str, Measure], load: Measure) -> list[str]:
    """The table: one row per child process."""
    header = (
        f"{'run':<9} {'docs':>6} {'wall s':>7} {'docs/s':>7} {'excl. load':>10} "
        f"{'CPU s':>7} {'docs/CPU-s excl. load':>21} {'peak RSS MiB':>12}"
    )
    lines = [header, "-" * len(header)]
    lines.append(
        f"{'load':<9} {'-':>6} {load.wall_s:>7.2f} {'-':>7} {'-':>10} {load.cpu_s:>7.2f} {'-':>21} "
        f"{load.maxrss_mib:>12.0f}"
    )
    for m in results.values():
        if m.returncode:
            lines.append(f"{m.name:<9} failed with exit status {m.returncode}")
            continue
        lines.append(
            f"{m.name:<9} {m.docs:>6} {m.wall_s:>7.2f} {_fmt(m.docs_per_s(), '.1f'):>7} "
            f"{_fmt(m.docs_per_s(load.wall_s), '.1f'):>10} {m.cpu_s:>7.2f} "
            f"{_fmt(m.docs_per_cpu_s(load.cpu_s), '.1f'):>21} {m.maxrss_mib:>12.0f}"
        )
    return lines


def ratios(results: dict[str, Measure], load: Measure) -> dict[str, float | None]:
    """whodid's docs/s over the baseline's, excluding load: by wall time and by CPU time."""
    base, ours = results.get("baseline"), results.get("whodid")
    if not base or not ours or base.returncode or ours.returncode:
        return {"wall": None, "cpu": None}
    b, w = base.docs_per_s(load.wall_s), ours.docs_per_s(load.wall_s)
    bc, wc = base.docs_per_cpu_s(load.cpu_s), ours.docs_per_cpu_s(load.cpu_s)
    return {"wall": w / b if b and w else None, "cpu": wc / bc if bc and wc else None}


def best(runs: list[Measure]) -> Measure:
    """The fastest successful run (the least disturbed by other work), else the first failure."""
    ok = [m for m in runs if m.returncode == 0]
    return min(ok, key=lambda m: m.wall_s) if ok else runs[0]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--cases",
        nargs="+",
        type=Path,
        default=list(DEFAULT_CASES),
        help="JSONL case files (default: ../shared/dev/cases.jsonl and dispatches.jsonl)",
    )
    parser.add_argument("--min-docs", type=int, default=2000, help="repeat the cases to at least N docs")
    parser.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size of the baseline")
    parser.add_argument(
        "--repeat", type=int, default=1, help="measure each run N times, alternating, and keep the fastest"
    )
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--child-cases", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.min_docs < 1 or args.batch_size < 1 or args.repeat < 1:
        parser.error("--min-docs, --batch-size and --repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return run_child(args)

    cases, origin = collect_cases(args.cases)
    if not cases:
        print("no texts to measure: no case file and no examples/*.txt", file=sys.stderr)
        return 2
    docs = repeat_cases(cases, args.min_docs)
    cpus = os.cpu_count() or 1
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    print(f"texts: {len(cases)} from {origin}")
    print(f"documents: {len(docs)} ({len(docs) // len(cases)} copies), batch size {args.batch_size}")
    print(f"python: {sys.executable}; cpus: {cpus}; load average: {_fmt(load_avg, '.2f')}")
    if load_avg is not None and load_avg > cpus / 2:
        print("note: the machine is busy; wall times are noisy, CPU times less so (try --repeat 3)")

    me = [sys.executable, str(Path(__file__).resolve())]
    runs: dict[str, list[Measure]] = {"load": [], "baseline": [], "whodid": []}
    with tempfile.TemporaryDirectory(prefix="whodid-bench-") as tmp:
        cases_file = Path(tmp) / "cases.jsonl"
        with open(cases_file, "w", encoding="utf-8") as f:
            for doc in docs:
                f.write(json.dumps(doc, ensure_ascii=False) + "\n")
        child = ["--child-cases", str(cases_file), "--batch-size", str(args.batch_size)]
        whodid = [*whodid_command(), "extract", str(cases_file), "--flat"]

        for k in range(1, args.repeat + 1):
            round_ = f" ({k}/{args.repeat})" if args.repeat > 1 else ""
            print(f"measuring{round_}: load only ...", flush=True)
            runs["load"].append(measure("load", [*me, "--child", "load"], 0))
            if runs["load"][-1].returncode:
                print(f"loading the model failed:\n{runs['load'][-1].stderr_tail}", file=sys.stderr)
                return 1
            print(f"measuring{round_}: baseline, spaCy nlp.pipe ...", flush=True)
            runs["baseline"].append(measure("baseline", [*me, "--child", "baseline", *child], len(docs)))
            print(f"measuring{round_}: whodid extract --flat ...", flush=True)
            runs["whodid"].append(measure("whodid", whodid, len(docs), stdout_to_null=True))

    load = best(runs["load"])
    results = {"baseline": best(runs["baseline"]), "whodid": best(runs["whodid"])}
    print()
    for line in report(results, load):
        print(line)
    print(
        f"load = python start, imports, model: {load.wall_s:.2f} s wall "
        f"({load.inner.get('load_s', 0.0):.2f} s of it loading the model)"
    )
    base = results["baseline"]
    if base.returncode == 0:
        print(
            f"baseline as timed inside its process: load {base.inner['load_s']:.2f} s, "
            f"nlp.pipe {base.inner['pipe_s']:.2f} s = {base.inner['pipe_docs_per_s']:.1f} docs/s"
        )
    r = ratios(results, load)
    print(f"ratio whodid/spaCy: {_fmt(r['wall'], '.2f')}  (docs/s excluding load, wall time)")
    print(f"ratio whodid/spaCy by CPU time: {_fmt(r['cpu'], '.2f')}")
    for m in results.values():
        if m.returncode:
            print(f"\n{m.name} failed (exit status {m.returncode}):\n{m.stderr_tail}", file=sys.stderr)

    if args.json:
        payload = {
            "texts": len(cases),
            "origin": origin,
            "documents": len(docs),
            "batch_size": args.batch_size,
            "repeat": args.repeat,
            "cpus": cpus,
            "load_average": load_avg,
            "load": asdict(load),
            "runs": {
                name: {
                    **asdict(m),
                    "docs_per_s": m.docs_per_s(),
                    "docs_per_s_excl_load": m.docs_per_s(load.wall_s),
                    "docs_per_cpu_s_excl_load": m.docs_per_cpu_s(load.cpu_s),
                    "all_wall_s": [x.wall_s for x in runs[name]],
                }
                for name, m in results.items()
            },
            "ratio_whodid_over_spacy": r["wall"],
            "ratio_whodid_over_spacy_cpu": r["cpu"],
        }
        print(json.dumps(payload, indent=2))
    return 0 if all(m.returncode == 0 for m in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
