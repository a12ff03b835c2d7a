"""The built curriculum, held by each process and rebuilt from files, never from state.

Built once at start-up (every page pre-rendered), so serving a page costs a dictionary
look-up. In development the files are watched: a change rebuilds on the next request, and
a change that breaks the curriculum is reported in the log while the last good build is
kept on screen.
"""

import logging
import os
import threading
import time
from pathlib import Path

from lms.curriculum.loader import load_curriculum
from lms.curriculum.model import Curriculum
from lms.curriculum.problems import CurriculumError, Problems
from lms.i18n import gettext_for

log = logging.getLogger(__name__)
CHECK_INTERVAL_S = 1.0


def build(root: Path) -> tuple[Curriculum | None, Problems]:
    """Load ``root`` with block titles in each content language."""
    return load_curriculum(root, labels=gettext_for)


def _fingerprint(root: Path) -> tuple[int, int]:
    newest, count = 0, 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            try:
                newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime_ns)
            except OSError:
                continue
            count += 1
    return newest, count


class CurriculumStore:
    def __init__(self, root: Path, *, reload: bool) -> None:
        self.root = root
        self.reload = reload
        self._lock = threading.Lock()
        self._curriculum: Curriculum | None = None
        self._fingerprint: tuple[int, int] = (0, 0)
        self._checked_at = 0.0

    @property
    def current(self) -> Curriculum | None:
        """The last good build, without triggering a rebuild (for error pages)."""
        return self._curriculum

    def load(self) -> Curriculum:
        """Build now; raise :class:`CurriculumError` listing every error if it is invalid."""
        fingerprint = _fingerprint(self.root)
        curriculum, problems = build(self.root)
        if curriculum is None or problems.errors:
            raise CurriculumError(problems.errors)
        for warning in problems.warnings:
            log.warning("curriculum: %s", warning.format())
        self._curriculum, self._fingerprint = curriculum, fingerprint
        self._checked_at = time.monotonic()
        return curriculum

    def get(self) -> Curriculum:
        if self._curriculum is None:
            with self._lock:
                if self._curriculum is None:
                    return self.load()
        if self.reload and time.monotonic() - self._checked_at > CHECK_INTERVAL_S:
            self._maybe_rebuild()
        assert self._curriculum is not None
        return self._curriculum

    def _maybe_rebuild(self) -> None:
        with self._lock:
            self._checked_at = time.monotonic()
            if _fingerprint(self.root) == self._fingerprint:
                return
            try:
                self.load()
                log.info("curriculum: rebuilt after a change")
            except CurriculumError as exc:
                self._fingerprint = _fingerprint(self.root)
                log.error("curriculum: change not shown, it has errors:\n%s", exc.report())
