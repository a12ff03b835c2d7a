"""The in-memory build: rebuilt after a change in development, kept when the change is bad."""

import os
import time
from pathlib import Path

import pytest

from lms.curriculum import store as store_module
from lms.curriculum.problems import CurriculumError
from lms.curriculum.store import CurriculumStore


def _touch_later(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))


def test_development_store_rebuilds_after_a_change(tiny: Path, monkeypatch) -> None:
    monkeypatch.setattr(store_module, "CHECK_INTERVAL_S", 0)
    store = CurriculumStore(tiny, reload=True)
    first = store.get()
    teacher = tiny / "modules/alpha/en/teacher.md"
    _touch_later(teacher, "# Alpha teacher\n\n## Plan {#plan}\n\nTeach it twice.\n")
    second = store.get()
    assert second is not first
    assert "Teach it twice." in second.modules["alpha"].languages["en"].teacher.html


def test_a_broken_change_keeps_the_last_good_build(tiny: Path, monkeypatch) -> None:
    monkeypatch.setattr(store_module, "CHECK_INTERVAL_S", 0)
    store = CurriculumStore(tiny, reload=True)
    first = store.get()
    _touch_later(tiny / "modules/alpha/en/teacher.md", "# T\n\n::: nonsense\nx\n:::\n")
    assert store.get() is first


def test_production_store_does_not_watch_files(tiny: Path, monkeypatch) -> None:
    monkeypatch.setattr(store_module, "CHECK_INTERVAL_S", 0)
    store = CurriculumStore(tiny, reload=False)
    first = store.get()
    _touch_later(tiny / "modules/alpha/en/teacher.md", "# Changed\n")
    assert store.get() is first


def test_loading_an_invalid_curriculum_raises_with_every_problem(tiny: Path) -> None:
    (tiny / "modules/alpha/en/teacher.md").unlink()
    with pytest.raises(CurriculumError) as raised:
        CurriculumStore(tiny, reload=False).load()
    assert "required part missing: teacher.md" in raised.value.report()
