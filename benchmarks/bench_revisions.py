"""Before and after in one run: `bench_requests.py` against several revisions of quizapp, interleaved.

Run:  python benchmarks/bench_revisions.py main . [--rounds 3] [--batches 4]

Each revision (a git revision, or `.` for the working tree) is checked out in a temporary git
worktree; this checkout's `bench_requests.py` then runs on it (`PYTHONPATH` puts that revision's
`quizapp` first), one revision after the other, for several rounds, so that a slow moment of the
machine hits every revision alike. The best figure of each kind over the rounds is reported.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LINE = re.compile(r"^(.+?)\s+([\d.]+) ms")


def checkout(revision: str, into: Path) -> Path:
    if revision == ".":
        return ROOT
    target = into / re.sub(r"[^\w.-]", "_", revision)
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(target), revision], check=True)
    return target


def run(tree: Path, batches: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [sys.executable, str(HERE / "bench_requests.py"), "--batches", str(batches)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    return {m[1].strip(): float(m[2]) for line in out.splitlines() if (m := LINE.match(line))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("revisions", nargs="+", help="git revisions; `.` is the working tree")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batches", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quizapp-revs-") as tmp:
        trees = {rev: checkout(rev, Path(tmp)) for rev in args.revisions}
        best: dict[str, dict[str, float]] = {rev: {} for rev in trees}
        try:
            for _ in range(args.rounds):
                for rev, tree in trees.items():
                    for kind, ms in run(tree, args.batches).items():
                        best[rev][kind] = min(best[rev].get(kind, float("inf")), ms)
        finally:
            for tree in trees.values():
                if tree != ROOT:
                    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)
    kinds = list(next(iter(best.values())))
    print(f"best of {args.rounds} rounds x {args.batches} batches, in process, ms per request")
    print(f"{'':<24}" + "".join(f"{rev:>14}" for rev in best))
    for kind in kinds:
        print(f"{kind:<24}" + "".join(f"{best[rev][kind]:>14.3f}" for rev in best))


if __name__ == "__main__":
    main()
