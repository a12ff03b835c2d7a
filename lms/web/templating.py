"""Jinja2 templates, one environment per interface language.

Each environment has that language's gettext catalog installed, so templates call
``_()`` with whole sentences and placeholders, never fragments glued together.
"""

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

from lms.i18n import format_day, format_number, translations_for, ui_languages

TEMPLATES = Path(__file__).parent / "templates"


def ui_language_for(language: str) -> str:
    """The interface language for pages in ``language`` (English if it has no catalog)."""
    return language if language in ui_languages() else "en"


@cache
def environment(ui_language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.install_gettext_translations(translations_for(ui_language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["number"] = lambda value: format_number(value, ui_language)
    env.filters["date_only"] = lambda value: format_day(value, ui_language)
    env.globals["ui_lang"] = ui_language
    return env


def render(
    template: str, ui_language: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    html = environment(ui_language).get_template(template).render(context)
    return HTMLResponse(html, status_code=status_code)
