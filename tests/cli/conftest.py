"""Fixtures shared with the curriculum tests: a small curriculum and a shipped copy."""

from tests.curriculum.conftest import shipped_copy, tiny  # noqa: F401
