"""Quiz submissions per second with 50 learners submitting at once, on SQLite and PostgreSQL.

Seeds learners with open attempts straight into the database, then 50 concurrent clients
each submit a different attempt through HTTP (form post, CSRF, grading, one transaction),
until every attempt is graded. Each figure comes from a fresh database.
"""

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

LEARNERS = int(os.environ.get("LMS_BENCH_LEARNERS", "600"))
CONCURRENCY = int(os.environ.get("LMS_BENCH_CONCURRENCY", "50"))
POSTGRES_URL = os.environ.get(
    "LMS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/lms_bench"
)


def _reset_postgres(url: str) -> None:
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    base, _, name = plain.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


async def _submit_all(base: str, rows: list[dict]) -> tuple[float, list[float], int]:
    queue: asyncio.Queue[dict] = asyncio.Queue()
    for row in rows:
        # Encoded beforehand: the load generator shares the CPU with the server.
        row["body"] = urlencode({"csrf_token": row["csrf"], **row["fields"]}, doseq=True).encode()
        queue.put_nowait(row)
    latencies: list[float] = []
    failures = 0
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal failures
            while not queue.empty():
                row = queue.get_nowait()
                started = time.perf_counter()
                response = await client.post(
                    f"/en/attempts/{row['attempt']}/submit",
                    content=row["body"],
                    headers={
                        "Cookie": row["cookie"],
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                )
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 303:
                    failures += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
    return elapsed, sorted(latencies), failures


def run_one(name: str, url: str) -> str:
    import json

    from tests.server import running_server

    env = {
        "LMS_DATABASE_URL": url,
        "LMS_ACCESS_LOG": "false",
        "LMS_LOG_LEVEL": "warning",
        "LMS_ARGON2_TIME_COST": "1",
        "LMS_ARGON2_MEMORY_KIB": "8192",
    }
    seeded = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.seed_quiz", str(LEARNERS)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(seeded.stdout.strip().splitlines()[-1])
    with running_server(env) as base:
        elapsed, latencies, failures = asyncio.run(_submit_all(base, rows))
    p50, p99 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]
    return f"| {name} | {len(rows) / elapsed:.0f} | {p50:.0f} | {p99:.0f} | {failures} |"


def main() -> list[str]:
    lines = [
        f"Quiz submissions: {LEARNERS} learners, {CONCURRENCY} submitting at once, 22 items each, "
        "graded and stored per request, 1 uvicorn worker:",
        "",
        "| database | submissions/s | p50 ms | p99 ms | failed |",
        "|---|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as folder:
        lines.append(run_one("SQLite", f"sqlite:///{Path(folder) / 'quiz.sqlite3'}"))
    try:
        _reset_postgres(POSTGRES_URL)
    except Exception as exc:
        lines.append(f"| PostgreSQL | not measured: {exc.__class__.__name__} | | | |")
    else:
        lines.append(run_one("PostgreSQL", POSTGRES_URL))
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
