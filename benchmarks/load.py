"""Many users at once: N Streamlit sessions over the websocket, each opening the landing page again and again
with random filters, and how long each script run takes.

Usage: python benchmarks/load.py [--leads 1000000] [--sessions 10,25,50] [--seconds 60] [--url URL]

Without --url it generates a demo database of --leads leads under /tmp, starts `streamlit run` on it on a
free port, and deletes both at the end. Each simulated user speaks Streamlit's own protocol (the browser's:
protobuf BackMsg/ForwardMsg over /_stcore/stream): it connects, asks for a run of the landing page with a
random view in the query string (dates, counting mode, stage order, a source, persona or segment), reads
the page's messages until the run has finished, disconnects and starts over. Filters come from the URL only
when a session starts (later changes are widget clicks), so every view is a new session, as when a link is
opened or the page reloaded. Latency is from the request to the run's end, as a user waits for the page.
An error is a run that shows an exception or an error box, does not finish within --timeout, or a broken
connection. The server's memory (RSS) is read before and after each number of sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import config, metrics, snapshots
from dashboard.filters import DIMENSION_FIELD, FilterOptions, Filters

DIMENSIONS_PICKED = ("source", "persona", "segment")


@dataclass
class Level:
    """What N sessions measured."""

    sessions: int
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    rss_before_mb: float = 0.0
    rss_after_mb: float = 0.0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def random_view(rng: random.Random, options: FilterOptions) -> str:
    """A query string of a random view: a date range in the data, a mode, an order rule, maybe a dimension value."""
    span = (options.max_date - options.min_date).days
    start = options.min_date + timedelta(days=rng.randrange(span))
    end = min(options.max_date, start + timedelta(days=rng.choice((30, 90, 180, 365))))
    chosen: dict[str, tuple[str, ...]] = {}
    for dim in rng.sample(DIMENSIONS_PICKED, rng.randrange(3)):
        chosen[DIMENSION_FIELD[dim]] = (rng.choice(options.values[dim]),)
    view = Filters(date_from=start, date_to=end, mode=rng.choice(config.MODES), in_order=rng.random() < 0.3, **chosen)
    return urlencode(view.to_query(), doseq=True)


def run_request(query: str) -> bytes:
    """The BackMsg a browser sends to run the landing page with a query string."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_script_hash = ""
    return msg.SerializeToString()


def run_problem(msg: ForwardMsg) -> str | None:
    """What a page message shows that is an error: an exception, or an error box."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return None
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        return "exception on the page"
    if kind == "alert" and element.alert.format == element.alert.ERROR:
        return "error box on the page"
    return None


async def one_view(ws_url: str, query: str, timeout: float) -> tuple[float, str | None]:
    """Open a session, run the landing page with `query`, wait for the run's end: (seconds, problem or None)."""
    # no keep-alive pings: a server busy running scripts answers them late, and the client would close the
    # connection as dead (a browser does not ping; Streamlit's own heartbeat is not needed for one run)
    async with websockets.connect(
        ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout, ping_interval=None
    ) as ws:
        began = time.perf_counter()
        await ws.send(run_request(query))
        problem = None
        while True:
            raw = await asyncio.wait_for(ws.recv(), timeout=timeout - (time.perf_counter() - began))
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            problem = problem or run_problem(msg)
            if msg.WhichOneof("type") == "script_finished":
                if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    problem = problem or f"run ended with status {msg.script_finished}"
                return time.perf_counter() - began, problem


async def user(ws_url: str, options: FilterOptions, level: Level, until: float, seed: int, timeout: float) -> None:
    """One simulated user: views one after the other until the time is up."""
    rng = random.Random(seed)
    while time.monotonic() < until:
        try:
            seconds, problem = await one_view(ws_url, random_view(rng, options), timeout)
        except TimeoutError:
            level.error(f"no end of the run within {timeout:g} s")
            continue
        except (OSError, websockets.WebSocketException) as exc:
            level.error(f"connection: {type(exc).__name__} {exc}"[:120])
            await asyncio.sleep(1)
            continue
        level.latencies.append(seconds)
        if problem:
            level.error(problem)


def rss_mb(pid: int) -> float:
    """The resident memory of a process, MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(ws_url: str, options: FilterOptions, sessions: int, seconds: float, timeout: float, pid: int | None):
    """N users for `seconds`; the views still running at the end are waited for."""
    level = Level(sessions)
    level.rss_before_mb = rss_mb(pid) if pid else float("nan")
    until = time.monotonic() + seconds
    await asyncio.gather(*(user(ws_url, options, level, until, 1000 * sessions + i, timeout) for i in range(sessions)))
    level.rss_after_mb = rss_mb(pid) if pid else float("nan")
    return level


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen:
    """`streamlit run` of the dashboard over `db` on 127.0.0.1:port, once its health check answers."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(config.ROOT / "streamlit_app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=config.ROOT,
        env={**os.environ, config.DB_ENV_VAR: str(db)},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit(f"streamlit did not start:\n{log.read_text()}")


def report(level: Level) -> str:
    """One line of figures for N sessions."""
    lat = level.latencies
    errors = sum(level.errors.values())
    figures = (
        f"p50 {statistics.median(lat):6.2f} s  p95 {percentile(lat, 0.95):6.2f} s  max {max(lat):6.2f} s"
        if lat
        else "no run finished"
    )
    detail = f" ({'; '.join(f'{n} {k}' for k, n in level.errors.items())})" if errors else ""
    return (
        f"{level.sessions:>3} sessions  {len(lat):>5} runs  {figures}  errors {errors}{detail}  "
        f"server RSS {level.rss_before_mb:,.0f} -> {level.rss_after_mb:,.0f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=1_000_000, help="leads in the generated demo")
    parser.add_argument("--sessions", default="10,25,50", help="numbers of simultaneous sessions, in turn")
    parser.add_argument("--seconds", type=float, default=60, help="how long each number of sessions runs")
    parser.add_argument("--timeout", type=float, default=120, help="a run slower than this counts as an error")
    parser.add_argument("--url", help="measure a server that runs already (its database gives the filter values)")
    parser.add_argument("--db", help="with --url: the server's database file (default: $FUNNEL_DB)")
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",")]

    work = Path(tempfile.mkdtemp(prefix="funnel_load_"))
    server = None
    try:
        if args.url:
            url, db = args.url.rstrip("/"), config.db_path(args.db)
        else:
            db = work / "load.duckdb"
            began = time.monotonic()
            subprocess.run(
                [sys.executable, "-m", "dashboard", "demo", "--db", str(db), "--leads", str(args.leads)],
                cwd=config.ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            print(f"demo of {args.leads:,} leads generated in {time.monotonic() - began:.0f} s")
            port = free_port()
            server = start_server(db, port, work / "streamlit.log")
            url = f"http://127.0.0.1:{port}"
        con = snapshots.open_read_only(db)
        options = metrics.filter_options(con)
        con.close()
        ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
        pid = server.pid if server else None
        # one view first: the server's caches and connection warm, as on a server in use
        warm = asyncio.run(measure(ws_url, options, 1, 0.1, args.timeout, pid))
        print(f"first view: {warm.latencies[0] if warm.latencies else float('nan'):.2f} s; {os.cpu_count()} cores")
        for n in counts:
            print(report(asyncio.run(measure(ws_url, options, n, args.seconds, args.timeout, pid))), flush=True)
    finally:
        if server and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
