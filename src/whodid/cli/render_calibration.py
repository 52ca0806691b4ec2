"""How the CLI prints calibration: ECE per field, reliability tables, a calibrate run."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console

from whodid.eval.calibration import (
    FIELDS,
    CalibrationRun,
    Judgement,
    auroc,
    ece,
    reliability,
)
from whodid.extract.calibrate import KINDS, LONG_TEXT


def _fmt(x: float | None, spec: str = ".3f") -> str:
    return "-" if x is None else format(x, spec)


def _table(console: Console, pairs: Sequence[tuple[float, bool]], indent: str = "    ") -> None:
    console.print(f"{indent}{'bin':>9s} {'count':>6s} {'mean conf':>10s} {'accuracy':>9s}", highlight=False)
    for b in reliability(pairs):
        if b.count:
            console.print(
                f"{indent}{b.low:.1f}-{b.high:.1f}   {b.count:6d} {b.confidence:10.3f} {b.accuracy:9.3f}",
                highlight=False,
                soft_wrap=True,
            )


def section(console: Console, judgements: Sequence[Judgement], show_reliability: bool = False) -> None:
    """After ``whodid eval``'s scores: per field, the ECE of the confidences as extracted.

    A value left null is an abstention and has no confidence, so ``n`` counts
    only the values the extractor filled in.
    """
    console.print("\n[bold]calibration[/] (confidence of each filled-in value vs. right or wrong)")
    console.print(
        f"{'field':20s} {'n':>5s} {'accuracy':>9s} {'mean conf':>10s} {'ECE':>7s} {'AUROC':>7s}",
        highlight=False,
        soft_wrap=True,
    )
    for name in FIELDS:
        pairs = [(j.confidence, j.ok) for j in judgements if j.field == name]
        if not pairs:
            continue
        acc = sum(ok for _, ok in pairs) / len(pairs)
        conf = sum(c for c, _ in pairs) / len(pairs)
        console.print(
            f"{name:20s} {len(pairs):5d} {acc:9.3f} {conf:10.3f} {ece(pairs):7.3f} {_fmt(auroc(pairs)):>7s}",
            highlight=False,
            soft_wrap=True,
        )
        if show_reliability:
            _table(console, pairs)


def run(console: Console, result: CalibrationRun, out: str, folds: int, show_reliability: bool) -> None:
    """What ``whodid calibrate`` fitted and how the maps fare, in-sample and cross-validated."""
    console.print(
        f"fitted {len(result.calibration.maps)} maps on {result.judgements} judgements "
        f"from {result.cases} gold cases -> {out}",
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        f"\n{'field':20s} {'n':>5s} {'accuracy':>9s} {'ECE raw':>8s} {'fitted':>7s} "
        f"{f'cv{folds}':>7s} {'AUROC raw':>9s} {f'cv{folds}':>6s}  low (<0.5, cv): n, accuracy",
        highlight=False,
        soft_wrap=True,
    )
    for r in result.reports:
        low = "-" if not r.low_n else f"{r.low_n}, {_fmt(r.low_accuracy)}"
        verdict = {True: " mostly wrong", False: " mostly right", None: ""}[r.low_mostly_wrong]
        console.print(
            f"{r.field:20s} {r.n:5d} {r.accuracy:9.3f} {r.ece_raw:8.3f} {r.ece_fitted:7.3f} "
            f"{r.ece_cv:7.3f} {_fmt(r.auroc_raw):>9s} {_fmt(r.auroc_cv):>6s}  {low}{verdict}",
            highlight=False,
            soft_wrap=True,
        )
        if show_reliability:
            console.print(f"  reliability ({folds}-fold cross-validated):", highlight=False)
            for b in r.reliability_cv:
                if b.count:
                    console.print(
                        f"    {b.low:.1f}-{b.high:.1f}   {b.count:6d} {b.confidence:10.3f} {b.accuracy:9.3f}",
                        highlight=False,
                        soft_wrap=True,
                    )
    _by_kind(console, result, folds)
    console.print(
        "\nECE raw: the extractor's own confidences; fitted: the maps on the judgements they were "
        f"fitted on; cv{folds}: each case's values under maps fitted without it (folds stratified "
        "by document kind).",
        highlight=False,
        soft_wrap=True,
    )


def _by_kind(console: Console, result: CalibrationRun, folds: int) -> None:
    """Per document kind (short entry, long report): n, accuracy, ECE raw and cross-validated."""
    kinds = [k for k in KINDS if any(k in r.by_kind for r in result.reports)]
    if not kinds:
        return
    console.print(
        f"\nby document kind (long: {LONG_TEXT}+ characters of text), cross-validated",
        highlight=False,
        soft_wrap=True,
    )
    head = "".join(f" {kind + ' n':>9s} {'acc':>6s} {'raw':>6s} {f'cv{folds}':>6s}" for kind in kinds)
    console.print(f"{'field':20s}{head}", highlight=False, soft_wrap=True)
    for r in result.reports:
        cells = []
        for kind in kinds:
            k = r.by_kind.get(kind)
            if k is None:
                cells.append(f" {'-':>9s} {'':>6s} {'':>6s} {'':>6s}")
            else:
                cells.append(f" {k.n:9d} {k.accuracy:6.3f} {k.ece_raw:6.3f} {k.ece_cv:6.3f}")
        console.print(f"{r.field:20s}{''.join(cells)}", highlight=False, soft_wrap=True)
