"""Throughput of ``whodid extract --flat`` against bare spaCy on the same texts, in one run.

Usage (from the repository root)::

    .venv/bin/python benchmarks/throughput.py [--cases FILE ...] [--min-docs 2000] [--batch-size 64] [--json]

The development cases are repeated until there are at least ``--min-docs`` documents and written
to a temporary JSONL file. Three child processes then run one after the other, each timed by this
process and each reporting its own peak resident memory (``os.wait4``):

- ``load``: start Python, import spaCy and load the model with ``whodid.extract.nlp.load()``, exit;
- ``baseline``: the same, then ``nlp.pipe`` over every text (same model, ``--batch-size``);
- ``whodid``: the command line ``whodid extract TMP.jsonl --flat``, output to /dev/null.

Documents per second are given including the start-up, and excluding it (wall time minus the
``load`` child's wall time), so the ratio compares the processing itself.
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
DEFAULT_CASES = (REPO.parent / "shared" / "dev" / "cases.jsonl", REPO.parent / "shared" / "dev" / "dispatches.jsonl")
FALLBACK_GLOB = "examples/*.txt"


@dataclass
class Measure:
    """One child process: what it did, how long it took, how much memory it held at most."""

    name: str
    docs: int
    wall_s: float
    maxrss_mib: float
    returncode: int
    inner: dict[str, Any] = field(default_factory=dict)
    stderr_tail: str = ""

    def docs_per_s(self, minus_s: float = 0.0) -> float | None:
        busy = self.wall_s - minus_s
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
    lines = [
        f"{'run':<10} {'docs':>6} {'wall s':>8} {'docs/s':>8} {'docs/s excl. load':>18} {'peak RSS MiB':>13}",
    ]
    lines.append(
        f"{'load':<10} {'-':>6} {load.wall_s:>8.2f} {'-':>8} {'-':>18} {load.maxrss_mib:>13.0f}",
    )
    for m in results.values():
        if m.returncode:
            lines.append(f"{m.name:<10} failed with exit status {m.returncode}")
            continue
        lines.append(
            f"{m.name:<10} {m.docs:>6} {m.wall_s:>8.2f} {_fmt(m.docs_per_s(), '.1f'):>8} "
            f"{_fmt(m.docs_per_s(load.wall_s), '.1f'):>18} {m.maxrss_mib:>13.0f}"
        )
    return lines


def ratio(results: dict[str, Measure], load: Measure) -> float | None:
    base, ours = results.get("baseline"), results.get("whodid")
    if not base or not ours or base.returncode or ours.returncode:
        return None
    b, w = base.docs_per_s(load.wall_s), ours.docs_per_s(load.wall_s)
    return w / b if b and w else None


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
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--child-cases", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.min_docs < 1 or args.batch_size < 1:
        parser.error("--min-docs and --batch-size must be at least 1")
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
    print(f"texts: {len(cases)} from {origin}")
    print(f"documents: {len(docs)} ({len(docs) // len(cases)} copies), batch size {args.batch_size}")
    print(f"python: {sys.executable}; cpus: {os.cpu_count()}")

    me = [sys.executable, str(Path(__file__).resolve())]
    with tempfile.TemporaryDirectory(prefix="whodid-bench-") as tmp:
        cases_file = Path(tmp) / "cases.jsonl"
        with open(cases_file, "w", encoding="utf-8") as f:
            for doc in docs:
                f.write(json.dumps(doc, ensure_ascii=False) + "\n")

        print("measuring: load ...", flush=True)
        load = measure("load", [*me, "--child", "load"], 0)
        if load.returncode:
            print(f"loading the model failed:\n{load.stderr_tail}", file=sys.stderr)
            return 1
        print("measuring: baseline (spaCy nlp.pipe) ...", flush=True)
        child = ["--child-cases", str(cases_file), "--batch-size", str(args.batch_size)]
        results = {"baseline": measure("baseline", [*me, "--child", "baseline", *child], len(docs))}
        print("measuring: whodid extract --flat ...", flush=True)
        command = [*whodid_command(), "extract", str(cases_file), "--flat"]
        results["whodid"] = measure("whodid", command, len(docs), stdout_to_null=True)

    print()
    for line in report(results, load):
        print(line)
    base = results["baseline"]
    if base.returncode == 0:
        print(
            f"baseline inside the child: load {base.inner['load_s']:.2f} s, "
            f"nlp.pipe {base.inner['pipe_s']:.2f} s = {base.inner['pipe_docs_per_s']:.1f} docs/s"
        )
    print(f"load (python start, imports, model): {load.wall_s:.2f} s wall, {load.inner['load_s']:.2f} s in-process")
    r = ratio(results, load)
    print(f"ratio whodid/spaCy: {_fmt(r, '.2f')}  (docs/s excluding load)")
    for m in results.values():
        if m.returncode:
            print(f"\n{m.name} failed (exit status {m.returncode}):\n{m.stderr_tail}", file=sys.stderr)

    if args.json:
        payload = {
            "texts": len(cases),
            "origin": origin,
            "documents": len(docs),
            "batch_size": args.batch_size,
            "cpus": os.cpu_count(),
            "load": asdict(load),
            "runs": {
                name: {
                    **asdict(m),
                    "docs_per_s": m.docs_per_s(),
                    "docs_per_s_excl_load": m.docs_per_s(load.wall_s),
                }
                for name, m in results.items()
            },
            "ratio_whodid_over_spacy": r,
        }
        print(json.dumps(payload, indent=2))
    return 0 if all(m.returncode == 0 for m in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
