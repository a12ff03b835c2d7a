"""Errors that domain rules raise for bad input: a code the web layer turns into a
translated sentence, never a 500."""

from typing import Any


class DomainError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
