"""Time load + validate + generate for the saga deck and synthetic decks of 1,000 and 10,000 facts.

Run: python benchmarks/bench_content.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import build

from quizapp.content import generate, load_deck
from quizapp.paths import shipped


def measure(path: Path, repeat: int) -> tuple[float, int, int]:
    times = []
    for i in range(repeat):
        t0 = time.perf_counter()
        deck = load_deck(path)
        bank = generate(deck, i)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(deck.facts()), len(bank.questions)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = [("saga", *measure(shipped("questions") / "openai-saga", args.repeat))]
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1_000, 10_000):
            rows.append((f"synthetic {n}", *measure(build(n, Path(tmp) / str(n)), max(3, args.repeat // 2))))
    print(f"{'deck':<16} {'facts':>7} {'questions':>10} {'median s':>10}")
    for name, seconds, facts, questions in rows:
        print(f"{name:<16} {facts:>7} {questions:>10} {seconds:>10.3f}")
    ratio = rows[2][1] / rows[1][1]
    print(f"10k/1k time ratio: {ratio:.1f} (fact ratio {rows[2][2] / rows[1][2]:.1f})")
    print(f"targets: saga < 0.100 s: {rows[0][1] < 0.1}; 10k < 3 s: {rows[2][1] < 3}; ratio <= 12: {ratio <= 12}")


if __name__ == "__main__":
    main()
