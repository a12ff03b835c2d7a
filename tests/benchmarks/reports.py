"""Reports for a factory of 10,000 operators x 30 competencies: the skills matrix, the
supervisor's dashboard and a shift's gradebook, pages and exports, with the number of SQL
queries per request at 1,000 and at 10,000 operators (it must not grow).

Seeds straight into a fresh SQLite database (or PostgreSQL with ``LMS_BENCH_REPORTS_DB``):
the demo, then N operators in 40 shifts at three workstations, enrolled in the
requalification pathway, each with five graded attempts, sign-offs for most of them and an
award for about half. The curriculum's 17 competencies get 13 more, spread over the modules,
so the matrix has 30 columns. Requests run in-process (no network), median of 5; the
ceiling is the same HTML served as a static file by the same app in the same run.
"""

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, insert, select

SIZES = [int(n) for n in os.environ.get("LMS_BENCH_OPERATORS", "1000,10000").split(",")]
EXTRA_COMPETENCIES = 13
SHIFTS = 40
RUNS = 5


def _seed(n: int) -> None:
    from lms import PROJECT_ROOT
    from lms.accounts.models import (
        GroupMember,
        LearnerGroup,
        Membership,
        Organisation,
        Person,
        utcnow,
    )
    from lms.assessment.models import Attempt
    from lms.curriculum.store import build
    from lms.db import transaction
    from lms.qualifications.models import Award, Enrolment, Workstation, WorkstationOperator
    from lms.qualifications.rules import add_months
    from lms.tasks.models import SignOff

    curriculum, _ = build(PROJECT_ROOT / "curriculum")
    requal = curriculum.programmes["requalification"]
    rng = random.Random(7)  # noqa: S311 - repeatable test data
    now = utcnow()
    with transaction(write=True) as session:
        factory = session.exec(
            select(Organisation).where(Organisation.slug == "pohjola-plastics")
        ).scalar_one()
        stations = [w.id for (w,) in session.execute(select(Workstation)).all()]
        groups = []
        for number in range(SHIFTS):
            group = LearnerGroup(
                organisation_id=factory.id, name=f"Shift {number:02d}", kind="shift"
            )
            session.add(group)
            session.flush()
            groups.append(group.id)
        first = session.execute(select(Person.id).order_by(Person.id.desc())).first()[0] + 1
        ids = list(range(first, first + n))
        session.execute(
            insert(Person),
            [
                {
                    "id": i,
                    "login": f"op-{i}",
                    "display_name": f"Operator {i:06d}",
                    "preferred_language": "fi",
                    "is_active": True,
                    "must_change_password": False,
                    "is_platform_admin": False,
                    "created_at": now,
                }
                for i in ids
            ],
        )
        session.execute(
            insert(Membership),
            [
                {
                    "person_id": i,
                    "organisation_id": factory.id,
                    "role": "learner",
                    "created_at": now,
                }
                for i in ids
            ],
        )
        session.execute(
            insert(GroupMember),
            [{"group_id": groups[k % SHIFTS], "person_id": i} for k, i in enumerate(ids)],
        )
        session.execute(
            insert(WorkstationOperator),
            [
                {"workstation_id": stations[k % len(stations)], "person_id": i}
                for k, i in enumerate(ids)
            ],
        )
        session.execute(
            insert(Enrolment),
            [
                {
                    "organisation_id": factory.id,
                    "person_id": i,
                    "programme_id": "requalification",
                    "enrolled_at": now - timedelta(days=400),
                }
                for i in ids
            ],
        )
        attempts, sign_offs, awards = [], [], []
        assessor = session.execute(select(Person.id).where(Person.login == "fi-teacher")).first()[0]
        for i in ids:
            at = now - timedelta(days=rng.randrange(10, 700))
            for entry in requal.modules:
                score = float(rng.randrange(50, 101))
                attempts.append(
                    {
                        "person_id": i,
                        "module_id": entry.module_id,
                        "module_version": "1.0",
                        "content_hash": "x",
                        "language": "fi",
                        "number": 1,
                        "seed": 1,
                        "status": "submitted",
                        "open_slot": None,
                        "answers": "{}",
                        "started_at": at,
                        "submitted_at": at,
                        "timed_out": False,
                        "pass_mark": entry.pass_mark,
                        "points": score,
                        "max_points": 100.0,
                        "score_percent": score,
                        "passed": score >= 70,
                        "results": "{}",
                    }
                )
                for task in entry.required_tasks:
                    if rng.random() < 0.8:
                        sign_offs.append(
                            {
                                "learner_id": i,
                                "assessor_id": assessor,
                                "organisation_id": factory.id,
                                "module_id": entry.module_id,
                                "module_version": "1.0",
                                "task_id": task,
                                "verdict": "passed",
                                "criteria_met": "[]",
                                "criteria_total": 0,
                                "comment": "",
                                "place": "line",
                                "line_machine": "",
                                "created_at": at,
                                "correction_reason": "",
                            }
                        )
            if rng.random() < 0.5:
                awarded = at + timedelta(days=5)
                awards.append(
                    {
                        "organisation_id": factory.id,
                        "person_id": i,
                        "programme_id": "requalification",
                        "current": 1,
                        "status": "awarded",
                        "code": f"bench-{i}",
                        "eqf_level": 4,
                        "proposed_at": awarded,
                        "awarded_at": awarded,
                        "expires_at": add_months(awarded, 24),
                        "evidence": "{}",
                        "revoke_reason": "",
                    }
                )
        session.execute(insert(Attempt), attempts)
        session.execute(insert(SignOff), sign_offs)
        session.execute(insert(Award), awards)


def _widen(curriculum) -> None:
    """13 more competencies, each developed by one of the modules: 30 in all."""
    modules = list(curriculum.modules.values())
    for number in range(EXTRA_COMPETENCIES):
        cid = f"extra-competency-{number:02d}"
        curriculum.competencies[cid] = {"en": f"Extra competency {number:02d}"}
        modules[number % len(modules)].competencies.append(cid)


def _timed(call: Callable[[], object]) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def _measure(n: int, url: str | None) -> list[tuple[str, float, int, int]]:
    from fastapi.testclient import TestClient

    from lms.accounts import repository as accounts
    from lms.db import get_engine, transaction
    from lms.settings import Settings
    from lms.web.app import create_app
    from tests.helpers import log_in_as

    work = Path(tempfile.mkdtemp(prefix="lms-bench-static-"))
    shutil.copytree(Path(__file__).resolve().parents[2] / "static", work / "static")
    app = create_app(
        Settings(access_log=False, static_dir=work / "static", reload_curriculum=False)
    )
    _widen(app.state.curriculum_store.get())
    client = TestClient(app)
    log_in_as(client, "fi-supervisor")
    with transaction(write=False) as session:
        factory = accounts.get_organisation_by_slug(session, "pohjola-plastics").id
        shift = accounts.get_group_by_name(session, factory, "Shift 00").id
    log_in_as(client, "fi-admin")  # the gradebook: an administrator sees every shift
    admin_cookies = dict(client.cookies)
    log_in_as(client, "fi-supervisor")
    supervisor_cookies = dict(client.cookies)
    pages = [
        (
            "skills matrix page (50 people x 30 competencies)",
            f"/en/orgs/{factory}/skills",
            supervisor_cookies,
        ),
        ("skills matrix CSV (everyone)", f"/orgs/{factory}/skills.csv", supervisor_cookies),
        ("skills matrix XLSX (everyone)", f"/orgs/{factory}/skills.xlsx", supervisor_cookies),
        ("supervisor dashboard", f"/en/orgs/{factory}/qualifications", supervisor_cookies),
        (
            f"gradebook page (one shift, {n // SHIFTS} people)",
            f"/en/orgs/{factory}/groups/{shift}/gradebook",
            admin_cookies,
        ),
        (
            "gradebook XLSX (one shift)",
            f"/orgs/{factory}/groups/{shift}/gradebook.xlsx",
            admin_cookies,
        ),
    ]
    rows = []
    for label, path, cookies in pages:
        client.cookies.clear()
        for name, value in cookies.items():
            client.cookies.set(name, value)
        counter = {"n": 0}

        def count(*_args, counter=counter) -> None:
            counter["n"] += 1

        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        event.listen(get_engine(), "before_cursor_execute", count)
        client.get(path)
        event.remove(get_engine(), "before_cursor_execute", count)
        millis = _timed(lambda path=path: client.get(path))
        rows.append((label, millis, counter["n"], len(response.content)))
        if path.endswith("/skills"):
            (work / "static" / "matrix.html").write_bytes(response.content)
    static = _timed(lambda: client.get("/static/matrix.html"))
    rows.append(("ceiling: the matrix page's HTML as a static file", static, 0, 0))
    shutil.rmtree(work, ignore_errors=True)
    return rows


def run_size(n: int) -> list[tuple[str, float, int, int]]:
    """Seed and measure in a child process: each size gets a fresh database and engine."""
    work = Path(tempfile.mkdtemp(prefix="lms-bench-reports-"))
    url = os.environ.get("LMS_BENCH_REPORTS_DB") or f"sqlite:///{work / 'reports.sqlite3'}"
    env = {**os.environ, "LMS_DATABASE_URL": url, "LMS_LOG_LEVEL": "warning"}
    try:
        for command in (["db", "upgrade"], ["demo"]):
            subprocess.run(
                [sys.executable, "-m", "lms", *command], env=env, check=True, capture_output=True
            )
        output = subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.reports", "--child", str(n)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = []
    for line in output.strip().splitlines():
        label, millis, queries, size = line.split("\t")
        rows.append((label, float(millis), int(queries), int(size)))
    return rows


def main() -> list[str]:
    results = {n: run_size(n) for n in SIZES}
    largest = max(SIZES)
    lines = [
        f"Reports for a factory of {', '.join(f'{n:,}' for n in SIZES)} operators x 30 "
        f"competencies (in-process, median of {RUNS}; SQL queries per request):",
        "",
        "| what | "
        + " | ".join(f"ms at {n:,}" for n in SIZES)
        + " | "
        + " | ".join(f"queries at {n:,}" for n in SIZES)
        + f" | KB at {largest:,} |",
        "|---|" + "---:|" * (2 * len(SIZES) + 1),
    ]
    for index, (label, *_rest) in enumerate(results[largest]):
        times = " | ".join(f"{results[n][index][1]:.0f}" for n in SIZES)
        queries = " | ".join(str(results[n][index][2]) for n in SIZES)
        size = results[largest][index][3] // 1024
        lines.append(f"| {label} | {times} | {queries} | {size or ''} |")
    page = results[largest][0][1]
    static = results[largest][-1][1]
    lines += [
        "",
        f"Matrix page / static file of the same HTML at {largest:,} operators: "
        f"{page / static:.1f}x the time.",
    ]
    return lines


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        size = int(sys.argv[2])
        _seed(size)
        for label, millis, queries, length in _measure(size, None):
            print(f"{label}\t{millis:.2f}\t{queries}\t{length}")
    else:
        print("\n".join(main()))
