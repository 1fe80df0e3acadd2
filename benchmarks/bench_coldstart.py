"""Cold start: from the process's start to the first 200 of its home page, `quizapp serve` and the
hello-world served the same way (`serve_app.py`), in the same run.

Run:  python benchmarks/bench_coldstart.py [--repeat 3] [-- serve options]

quizapp starts on an instance folder made once beforehand (database created, decks' cards synced:
a restart, as after a deploy); every start is a new process, timed until `GET /` answers 200
(polled every 5 ms). Median of `--repeat` starts, the two servers interleaved.

Python's bytecode is written and used, as in an installed app (pip compiles it at install): with
PYTHONDONTWRITEBYTECODE set in the caller's environment, every start compiled quizapp's modules
from source again (about 0.1 s of each start); the untimed first start writes what is missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_web import free_port

HERE = Path(__file__).resolve().parent
GOAL_S = 0.6


def first_200(command: list[str], port: int, env: dict[str, str]) -> float:
    """Seconds from starting `command` to a 200 on `/`; the server is stopped afterwards."""
    t0 = time.perf_counter()
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = t0 + 60
        while time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    if response.status == 200:
                        return time.perf_counter() - t0
            except OSError:
                if server.poll() is not None:
                    raise SystemExit(f"{command[:4]}... exited with {server.returncode}") from None
            time.sleep(0.005)
        raise SystemExit(f"{command[:4]}... did not answer within 60 s")
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("serve_options", nargs="*", help="after --: options of `quizapp serve` (and of serve_app.py)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="quizapp-cold-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_") and k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(HERE)
    try:
        times: dict[str, list[float]] = {"quizapp": [], "hello": []}
        commands = {
            "quizapp": lambda port: [sys.executable, "-m", "quizapp.cli", "serve", "--port", str(port), "--instance", str(tmp)],
            "hello": lambda port: [sys.executable, str(HERE / "serve_app.py"), "hello:app", "--port", str(port)],
        }
        port = free_port()
        first_200(commands["quizapp"](port) + args.serve_options, port, env)  # makes the database, the bytecode: untimed
        for _ in range(args.repeat):
            for name, command in commands.items():
                port = free_port()
                times[name].append(first_200(command(port) + args.serve_options, port, env))
        median = {name: statistics.median(found) for name, found in times.items()}
        print(f"median of {args.repeat} starts, process start to first 200")
        print("| | median | starts | goal |")
        print("|---|---:|---|---:|")
        for name, label in (("hello", "hello-world, same gunicorn"), ("quizapp", "quizapp serve")):
            each = ", ".join(f"{t:.2f}" for t in times[name])
            goal = f"< {GOAL_S} s: {'met' if median[name] < GOAL_S else 'missed'}" if name == "quizapp" else ""
            print(f"| {label} | {median[name]:.2f} s | {each} | {goal} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
