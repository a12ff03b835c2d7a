"""Benchmarks, run with ``make bench`` (not part of ``make test``).

1. The lesson page (a module's student handbook) against the same HTML served as a static
   file by the same server in the same run, 50 concurrent connections: requests/s, p50 and
   p99 latency, and the ratio of the two (the figure that matters; machines differ).
2. Loading, checking and rendering the whole curriculum.
3. Quiz submissions per second (quiz.py).
4. Skills matrix, dashboard and gradebook for 10,000 operators (reports.py).

Load comes from wrk when it is installed (Debian package 'wrk'), else from a small asyncio
client in this file; the report says which.
"""

import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from lms import PROJECT_ROOT
from lms.curriculum.store import build
from lms.demo import DEMO_PASSWORD
from tests.server import running_server

LESSON = "/en/modules/defects/handbook"
CONNECTIONS = 50
DURATION_S = 10


def _wrk(url: str, cookie: str | None) -> dict[str, float]:
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION_S}s", "--latency", *headers, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def millis(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        assert match, output
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert rate and not errors, output
    return {"rps": float(rate.group(1)), "p50": millis("50"), "p99": millis("99")}


async def _python_load(url: str, cookie: str | None) -> dict[str, float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + DURATION_S
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    headers = {"Cookie": cookie} if cookie else {}
    async with httpx.AsyncClient(limits=limits, headers=headers) as client:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await client.get(url)
                assert response.status_code == 200
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2],
        "p99": latencies[int(len(latencies) * 0.99)],
    }


def _measure(url: str, cookie: str | None = None) -> dict[str, float]:
    if shutil.which("wrk"):
        return _wrk(url, cookie)
    return asyncio.run(_python_load(url, cookie))


def _log_in(base: str) -> str:
    """A logged-in reader's cookies, through the real login form."""
    with httpx.Client(base_url=base) as client:
        form = client.get("/en/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token
        response = client.post(
            "/en/login",
            data={"login": "lt-learner", "password": DEMO_PASSWORD, "csrf_token": token.group(1)},
        )
        assert response.status_code in (200, 303), response.status_code
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def serving() -> list[str]:
    work = Path(tempfile.mkdtemp(prefix="lms-bench-"))
    static = work / "static"
    shutil.copytree(PROJECT_ROOT / "static", static)
    env = {
        "LMS_DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "LMS_STATIC_DIR": str(static),
        "LMS_ACCESS_LOG": "false",
        "LMS_ENVIRONMENT": "production",
        "LMS_SECRET_KEY": "benchmark-only-" + "x" * 32,
        "LMS_LOG_LEVEL": "warning",
    }
    for command in (["db", "upgrade"], ["demo"]):
        subprocess.run(
            [sys.executable, "-m", "lms", *command],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
    try:
        with running_server(env) as base:
            html = httpx.get(f"{base}{LESSON}").content
            (static / "lesson.html").write_bytes(html)
            _measure(f"{base}/static/lesson.html")  # warm-up of both paths
            page = _measure(f"{base}{LESSON}")
            signed_in = _measure(f"{base}{LESSON}", _log_in(base))
            static_file = _measure(f"{base}/static/lesson.html")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    tool = "wrk" if shutil.which("wrk") else "asyncio client"
    return [
        f"Lesson page vs static file ({len(html) // 1024} KB, {CONNECTIONS} connections, "
        f"{DURATION_S} s each, 1 uvicorn worker, load from {tool}):",
        "",
        "| what | requests/s | p50 ms | p99 ms |",
        "|---|---:|---:|---:|",
        f"| lesson page `{LESSON}` | {page['rps']:.0f} | {page['p50']:.1f} | {page['p99']:.1f} |",
        f"| the same page for a logged-in reader (one session read) | {signed_in['rps']:.0f} "
        f"| {signed_in['p50']:.1f} | {signed_in['p99']:.1f} |",
        f"| same HTML as a static file | {static_file['rps']:.0f} | {static_file['p50']:.1f} "
        f"| {static_file['p99']:.1f} |",
        f"| **ratio lesson / static** | **{page['rps'] / static_file['rps']:.2f}** | | |",
        f"| **ratio logged-in lesson / static** "
        f"| **{signed_in['rps'] / static_file['rps']:.2f}** | | |",
    ]


def curriculum_build() -> list[str]:
    timings = []
    documents = 0
    for _ in range(5):
        started = time.perf_counter()
        curriculum, _problems = build(PROJECT_ROOT / "curriculum")
        timings.append(time.perf_counter() - started)
        assert curriculum is not None
        documents = sum(
            sum(d is not None for d in (p.handbook, p.teacher, p.items)) + len(p.tasks)
            for m in curriculum.modules.values()
            for p in m.languages.values()
        )
    median = statistics.median(timings)
    return [
        f"Load, check and render the whole curriculum ({documents} documents): "
        f"median {median * 1000:.0f} ms of 5 runs, {documents / median:.0f} documents/s.",
    ]


def main() -> None:
    from tests.benchmarks import quiz, reports

    lines = [*serving(), "", *curriculum_build(), "", *quiz.main(), "", *reports.main()]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
