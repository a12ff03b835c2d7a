"""The ``lms`` command for people who run the platform."""

from lms.cli.main import app


def main() -> None:
    app()


__all__ = ["app", "main"]
