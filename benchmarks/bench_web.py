"""Load test: quizapp behind gunicorn (as `quizapp serve` runs it) against a hello-world ceiling.

Run (needs wrk: apt-get install wrk):  python benchmarks/bench_web.py [--duration 5] [--rounds 3]

Steps: start both servers on loopback (the hello-world and the floors served by `serve_app.py`
exactly as `quizapp serve` serves quizapp, with the options given after `--`); register users and
start quizzes through HTTP; split their questions in three: shown only (the question page rows:
never answered, so every round times the page itself), answered during set-up (the correction
page row) and answered by the timed rounds (each round and each wrk thread its own, each POST to a
distinct unanswered question); drive each kind with wrk from a second process; report requests/s
and p99 next to the ceiling; count the stored answers.
Every run is driven the same way (one wrk Lua script per run, each request with its user's cookie).
For reference it also serves `floor.py` the same way: quizapp plus a login-required route that answers
one byte (what any signed-in page of this stack costs before its own work), one that also runs
the question page's query but renders nothing, and a CSRF-checked POST that commits one row.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PASSWORD = "benchmark password"
KINDS = ["replaced", "date", "quote", "role", "figure", "actor", "truefalse"]  # radio-button questions


QUESTIONS = "SELECT attempt_id, position, snapshot FROM attempt_items"


def answer_field(question_format: object) -> dict[str, str]:
    """A valid answer (right or wrong alike) to a radio-button question, or to a name to type (a
    question drawn with too few names to choose from is asked that way)."""
    return {"text": "Sam Altman"} if question_format == "text" else {"choice": "0"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on {port} did not start")


class Browser:
    """A cookie-keeping HTTP client for the set-up phase (not timed)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.opener.addheaders = [("User-Agent", "quizapp-bench")]  # the session is bound to it

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as r:
            return r.read().decode()

    def post(self, path: str, data: dict | list) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        try:
            with self.opener.open(self.base + path, body) as r:
                return r.status, r.headers.get("Location", "")
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Location", "")

    def post_as(self, path: str, cookie: str, body: str) -> tuple[int, str]:
        """A POST with another visitor's cookie (a prepared request, as wrk sends it)."""
        request = urllib.request.Request(self.base + path, body.encode(), {"Cookie": cookie})
        try:
            with self.opener.open(request) as r:
                return r.status, r.headers.get("Location", "")
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Location", "")

    def token(self, path: str) -> str:
        return re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', self.get(path)).group(1)

    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def lua_script(requests: list[tuple[str, str, str, str]], path: Path) -> None:
    """wrk script: thread k sends requests k, k+T, k+2T... so no two threads share a request."""

    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    rows = ",\n".join(f"{{{q(m)},{q(p)},{q(c)},{q(b)}}}" for m, p, c, b in requests)
    path.write_text(
        f"""
local reqs = {{
{rows}
}}
local threads = {{}}
local counter = 1
function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end
function init(args)
  i = id
  step = tonumber(args[1])
  expected = tonumber(args[2])
  sent = 0
  wrapped = 0
  bad = 0
end
function request()
  if i > #reqs then i = ((i - 1) % #reqs) + 1; wrapped = wrapped + 1 end
  local r = reqs[i]
  i = i + step
  sent = sent + 1
  local headers = {{["Cookie"] = r[3], ["User-Agent"] = "quizapp-bench"}}
  if r[1] == "POST" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  return wrk.format(r[1], r[2], headers, r[4] ~= "" and r[4] or nil)
end
function response(status, headers, body)
  if status ~= expected then bad = bad + 1 end
end
function done(summary, latency, requests)
  local s, w, b = 0, 0, 0
  for _, t in ipairs(threads) do s = s + t:get("sent"); w = w + t:get("wrapped"); b = b + t:get("bad") end
  io.write(string.format("SENT %d WRAPPED %d BAD %d\\n", s, w, b))
end
""",
        encoding="utf-8",
    )


def run_wrk(url: str, duration: int, script: Path | None = None, expect: int = 200, threads: int = 2) -> dict[str, float]:
    cmd = ["wrk", f"-t{threads}", "-c32", f"-d{duration}s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    cmd += [url]
    if script:
        cmd += ["--", str(threads), str(expect)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    extra = re.search(r"SENT (\d+) WRAPPED (\d+) BAD (\d+)", out)
    if script and extra is None:  # wrk runs a plain GET when it cannot load the script: never count that
        raise SystemExit(f"wrk did not run {script}:\n{out}")
    return {
        "rps": rps,
        "p99_ms": p99_ms,
        "requests": total,
        "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "wrapped": int(extra.group(2)) if extra else 0,
        "unexpected": int(extra.group(3)) if extra else 0,
    }


def serve_app(port: int, target: str, options: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Another app (`hello:app`, `floor:app`) served exactly as `quizapp serve` serves quizapp
    (`serve_app.py`: the same gunicorn settings, worker class and bounded queue)."""
    return subprocess.Popen(
        [sys.executable, str(HERE / "serve_app.py"), target, "--port", str(port), *options],
        env=env,
        cwd=HERE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--attempts", type=int, default=80, help="quizzes of 20 questions per user")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each kind, interleaved; the median is reported")
    parser.add_argument("--pages", type=int, default=3000, help="questions only shown (never answered), for the page rows")
    parser.add_argument("--corrections", type=int, default=1000, help="questions answered during set-up, for the correction row")
    parser.add_argument("serve_options", nargs="*", help="after --: options of `quizapp serve` (and of the reference servers)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    app_port, hello_port, floor_port = free_port(), free_port(), free_port()
    # Every simulated user registers from 127.0.0.1: lift the per-address registration limit.
    env = {**os.environ, "PYTHONPATH": str(HERE), "QUIZAPP_REGISTER_MAX_PER_ADDRESS": str(args.users)}
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "quizapp.cli",
                "serve",
                "--port",
                str(app_port),
                "--instance",
                str(tmp),
                *args.serve_options,
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        serve_app(hello_port, "hello:app", args.serve_options, env),
    ]
    try:
        wait_for(app_port)
        wait_for(hello_port)
        base = f"http://127.0.0.1:{app_port}"
        t0 = time.perf_counter()
        pages: list[tuple[str, str, str, str]] = []
        posts: list[tuple[str, str, str, str]] = []
        started: list[tuple[str, str, int]] = []  # cookie, CSRF token, attempt
        for u in range(args.users):
            b = Browser(base)
            token = b.token("/compte/inscription")
            status, _ = b.post(
                "/compte/inscription", {"username": f"user{u}", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token}
            )
            assert status == 302, status
            token = b.token("/quiz/")
            for _ in range(args.attempts):
                status, location = b.post(
                    "/quiz/", {"deck": "openai-saga", "count": "20", "mode": "practice", "kinds": KINDS, "csrf_token": token}
                )
                assert status == 303, status
                started.append((b.cookie(), token, int(location.split("/")[2])))
        con = sqlite3.connect(tmp / "quizapp.sqlite")
        formats = {(a, p): json.loads(snap)["format"] for a, p, snap in con.execute(QUESTIONS)}
        con.close()
        for cookie, token, attempt in started:
            for position in range(1, 21):
                path = f"/quiz/{attempt}/{position}"
                pages.append(("GET", path, cookie, ""))
                body = {"csrf_token": token, **answer_field(formats[attempt, position])}
                posts.append(("POST", path, cookie, urllib.parse.urlencode(body)))
        # Three disjoint sets of questions: shown only (the page rows: never answered, so every round
        # times the question page itself), answered now (the correction row: their page is the
        # correction) and answered by the timed rounds (each round its own slice).
        order = random.Random(0).sample(range(len(pages)), len(pages))
        shown = [pages[i] for i in order[: args.pages]]
        corrected = order[args.pages : args.pages + args.corrections]
        setup_browser = Browser(base)
        for i in corrected:
            _, path, cookie, body = posts[i]
            status, _ = setup_browser.post_as(path, cookie, body)
            assert status == 303, status
        corrections = [pages[i] for i in corrected]
        posts = [posts[i] for i in order[args.pages + args.corrections :]]
        if len(posts) < 1000 * args.rounds:
            raise SystemExit("too few questions left to answer: raise --attempts or lower --pages and --corrections")
        setup = time.perf_counter() - t0
        print(
            f"set-up: {args.users} users; {len(shown)} questions shown, {len(corrections)} corrected, "
            f"{len(posts)} to answer, in {setup:.1f} s"
        )
        servers.append(serve_app(floor_port, "floor:app", args.serve_options, {**env, "QUIZAPP_INSTANCE": str(tmp)}))
        wait_for(floor_port)
        scripts = {name: tmp / f"{name}.lua" for name in ("hello", "floor", "slot", "page", "correction", "write")}
        lua_script([("GET", "/", cookie, "") for _, _, cookie, _ in shown], scripts["hello"])
        lua_script([("GET", "/plancher", cookie, "") for _, _, cookie, _ in shown], scripts["floor"])
        lua_script(
            [("GET", "/plancher" + path.removeprefix("/quiz"), cookie, "") for _, path, cookie, _ in shown], scripts["slot"]
        )
        lua_script(shown, scripts["page"])
        lua_script(corrections, scripts["correction"])
        lua_script([("POST", "/plancher", cookie, body) for _, _, cookie, body in posts], scripts["write"])
        share = len(posts) // args.rounds  # each round answers questions of its own
        post_scripts = [tmp / f"answer{k}.lua" for k in range(args.rounds)]
        for k, path in enumerate(post_scripts):
            lua_script(posts[k * share : (k + 1) * share], path)
        results: dict[str, list[dict[str, float]]] = {
            name: [] for name in ("hello", "floor", "slot", "page", "correction", "write", "answer")
        }
        for k in range(args.rounds):  # interleaved, so that a noisy moment hits every kind alike
            results["hello"].append(run_wrk(f"http://127.0.0.1:{hello_port}/", args.duration, scripts["hello"]))
            results["floor"].append(run_wrk(f"http://127.0.0.1:{floor_port}/", args.duration, scripts["floor"]))
            results["slot"].append(run_wrk(f"http://127.0.0.1:{floor_port}/", args.duration, scripts["slot"]))
            results["page"].append(run_wrk(base, args.duration, scripts["page"]))
            results["correction"].append(run_wrk(base, args.duration, scripts["correction"]))
            results["write"].append(run_wrk(f"http://127.0.0.1:{floor_port}/", args.duration, scripts["write"], expect=303))
            results["answer"].append(run_wrk(base, args.duration, post_scripts[k], expect=303))
        rows = sqlite3.connect(tmp / "quizapp.sqlite").execute("SELECT count(*) FROM answers").fetchone()[0] - len(corrections)
        median = {name: statistics.median(r["rps"] for r in runs) for name, runs in results.items()}
        print(f"median of {args.rounds} rounds of {args.duration} s, each kind driven the same way (wrk -t2 -c32, Lua script)")
        print(f"{'':<24}{'req/s':>9}{'p99 ms':>9}{'% ceiling':>11}{'errors':>8}   rounds (req/s)")
        labels = {
            "hello": "hello world (ceiling)",
            "floor": "floor: 1 byte, login",
            "slot": "floor + question query",
            "page": "question page (GET)",
            "correction": "correction page (GET)",
            "write": "floor: POST, 1 row",
            "answer": "answer (POST)",
        }
        wrapped = sum(r["wrapped"] for r in results["answer"])
        if wrapped:  # its POSTs then met « already answered » (303, no row): the answer row would not time answers
            raise SystemExit(f"a wrk thread ran out of questions ({wrapped} times): no answer row; raise --attempts")
        table = ["| | req/s | share of the ceiling | p99 | errors |", "|---|---:|---:|---:|---:|"]
        for name, runs in results.items():
            errors = sum(r["socket_errors"] + r["non2xx"] + r["unexpected"] for r in runs)
            p99 = statistics.median(r["p99_ms"] for r in runs)
            share_of = 100 * median[name] / median["hello"]
            each = ", ".join(f"{r['rps']:.0f}" for r in runs)
            print(f"{labels[name]:<24}{median[name]:>9.0f}{p99:>9.1f}{share_of:>10.0f}%{errors:>8.0f}   {each}")
            table.append(f"| {labels[name]} | {median[name]:,.0f} | {share_of:.0f} % | {p99:.1f} ms | {errors:.0f} |")
        # Every POST wrk counted as answered (303) must have its row; a few more rows than that are
        # requests still in flight when wrk stopped counting.
        answered = sum(r["requests"] - r["unexpected"] for r in results["answer"])
        lost = max(0, answered - rows)
        print(f"answers: {answered} POSTs answered 303, {rows} rows stored, {lost} lost")
        errors = sum(
            r[k] for name in ("page", "answer") for r in results[name] for k in ("unexpected", "non2xx", "socket_errors")
        )
        p99 = {name: statistics.median(r["p99_ms"] for r in runs) for name, runs in results.items()}
        print(
            f"targets (issue 14): page >= 45 % and p99 < 50 ms: {median['page'] >= 0.45 * median['hello'] and p99['page'] < 50}; "
            f"answer >= 25 % and p99 < 50 ms: {median['answer'] >= 0.25 * median['hello'] and p99['answer'] < 50}; "
            f"zero errors: {errors == 0}; zero lost: {lost == 0}"
        )
        print("\n".join(table))
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
