"""Train the models shipped with whodid: ``python -m whodid.link.train``.

A store of a few dozen reports is too small for Splink to learn from, so
linkage there uses parameters learnt here, without labels (prior, random-sample
u, EM m), on a generated population (:mod:`whodid.link.generate`) with seeds
other than the benchmark's, so ``benchmarks/linkage.py`` never measures on
what the model was trained on. Stores of :data:`whodid.link.engine.MIN_TRAINING_ROWS`
rows or more train their own.
"""

from __future__ import annotations

import json
from pathlib import Path

from whodid.link import events, generate, persons
from whodid.link.engine import Run

MODELS = Path(__file__).with_name("models")


def main() -> None:
    MODELS.mkdir(exist_ok=True)
    mentions = generate.mentions(100_000, seed=101)
    people = persons.frame(m.row() for m in mentions)
    reports = generate.reports(50_000, seed=103)
    incidents = events.frame(r.row() for r in reports)
    for spec, table in ((persons.spec(), people), (events.spec(), incidents)):
        model = Run(spec, table, train=True, seed=5).model()
        path = MODELS / f"{spec.name}.json"
        path.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
