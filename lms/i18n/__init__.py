"""Interface languages: gettext catalogs in ``translations/`` read with Babel.

Catalogs are compiled from the ``.po`` files in memory when first used, so there is no
build step and no compiled ``.mo`` file to forget to update. A language without a catalog
gets the English interface; its content can still be shown in its own language.
"""

import gettext
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from lms.settings import get_settings

UI_SOURCE_LANGUAGE = "en"


def _catalog_path(language: str, root: Path | None = None) -> Path:
    base = root or get_settings().translations_dir
    return base / language.replace("-", "_") / "LC_MESSAGES" / "messages.po"


@cache
def ui_languages() -> frozenset[str]:
    """Languages whose interface is translated (English is the source of the strings)."""
    root = get_settings().translations_dir
    found = {UI_SOURCE_LANGUAGE}
    if root.is_dir():
        for path in root.glob("*/LC_MESSAGES/messages.po"):
            found.add(path.parent.parent.name.replace("_", "-"))
    return frozenset(found)


@cache
def translations_for(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language``, or the English strings as they are."""
    path = _catalog_path(language)
    if language == UI_SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language.replace("-", "_"))
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer)


def gettext_for(language: str) -> Callable[[str], str]:
    return translations_for(language).gettext


def negotiate(accept_language: str | None, available: list[str], default: str) -> str:
    """Pick the best of ``available`` for an ``Accept-Language`` header (q-values honoured)."""
    if not accept_language:
        return default
    wanted: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag:
            wanted.append((-quality, position, tag.strip().lower()))
    lowered = {code.lower(): code for code in available}
    for negative_quality, _position, tag in sorted(wanted):
        if negative_quality >= 0:
            continue
        if tag in lowered:
            return lowered[tag]
        primary = tag.split("-")[0]
        if primary in lowered:
            return lowered[primary]
    return default


@cache
def _babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(UI_SOURCE_LANGUAGE)


def format_number(value: float | int | Decimal, language: str) -> str:
    """A number as the language's country writes it (``0,5`` in Lithuanian)."""
    return format_decimal(value, locale=_babel_locale(language))


def format_day(value: date | datetime, language: str) -> str:
    """A date as the language's country writes it (``2027-03-31``, ``31.3.2027`` ...)."""
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, format="medium", locale=_babel_locale(language))


@cache
def language_name(language: str) -> str:
    """The language's own name for itself, e.g. 'lietuvių'."""
    locale = _babel_locale(language)
    return (locale.get_display_name(locale) or language).capitalize()
