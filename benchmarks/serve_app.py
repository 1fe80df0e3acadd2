"""Serve another WSGI app exactly as `quizapp serve` serves quizapp (same gunicorn settings, same
worker class, same bounded queue), for the benchmarks' reference points.

Run:  python benchmarks/serve_app.py hello:app --port 8001 [--workers 2] [--threads 4] [--max-wait 0.5]
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from quizapp.serving import Settings, serve

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("target", help="module:attribute, e.g. hello:app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=Settings.workers)
    parser.add_argument("--threads", type=int, default=Settings.threads)
    parser.add_argument("--max-wait", type=float, default=Settings.max_wait)
    args = parser.parse_args()
    module, _, name = args.target.partition(":")
    app = getattr(importlib.import_module(module), name)
    serve(app, Settings(bind=f"{args.host}:{args.port}", workers=args.workers, threads=args.threads, max_wait=args.max_wait))


if __name__ == "__main__":
    main()
