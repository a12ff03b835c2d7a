"""``lms translations``: where each language stands, and the translators' PO round trip."""

from pathlib import Path
from typing import Annotated

import typer

from lms.curriculum.model import Curriculum
from lms.curriculum.translations import Standing, translation_languages
from lms.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="Translation status, PO export and import.")

DirOption = Annotated[
    Path | None,
    typer.Option("--dir", help="Curriculum folder (default: LMS_CURRICULUM_DIR, or ./curriculum)."),
]
LangOption = Annotated[str | None, typer.Option("--lang", help="One language, e.g. lt.")]


def _curriculum(directory: Path | None) -> Curriculum:
    from lms.curriculum.store import build

    curriculum, problems = build(directory or get_settings().curriculum_dir)
    if curriculum is None or problems.errors:
        for problem in problems.errors:
            typer.echo(problem.format(), err=True)
        typer.echo("The curriculum has errors: run 'lms curriculum check'.", err=True)
        raise typer.Exit(2)
    return curriculum


def _language(curriculum: Curriculum, language: str | None) -> None:
    if language is not None and language not in translation_languages(curriculum):
        known = ", ".join(translation_languages(curriculum))
        typer.echo(f"'{language}' is not a translated language ({known}).", err=True)
        raise typer.Exit(2)


def _line(language: str, module: str, sections: object, row: Standing | None) -> str:
    if row is None:
        return (
            f"{language:<9} {module:<22} {sections!s:>8} {'Current':>8} {'Stale':>6} {'Missing':>8}"
        )
    return (
        f"{language:<9} {module:<22} {row.total:>8} {row.current:>8} "
        f"{len(row.stale):>6} {len(row.missing):>8}"
    )


@app.command("status")
def status(language: LangOption = None, directory: DirOption = None) -> None:
    """A table per language and module of current, stale and missing sections.

    Exits 1 when a language of languages.yaml is incomplete or stale; with --lang, lists each
    section that is."""
    from lms.curriculum.translations import status as standing

    curriculum = _curriculum(directory)
    _language(curriculum, language)
    rows = standing(curriculum, language)
    typer.echo(_line("Language", "Module", "Sections", None))
    incomplete: set[str] = set()
    for code in dict.fromkeys(row.language for row in rows):
        mine = [row for row in rows if row.language == code]
        for row in mine:
            typer.echo(_line(code, row.module_id, None, row))
        total = Standing(code, "(all)")
        for row in mine:
            total.current += row.current
            total.stale += row.stale
            total.missing += row.missing
        typer.echo(_line(code, "(all)", None, total))
        if not total.complete:
            incomplete.add(code)
        if language:
            for ref in total.stale:
                typer.echo(f"  stale    {ref.context}")
            for ref in total.missing:
                typer.echo(f"  missing  {ref.context}")
    if incomplete:
        typer.echo(
            f"Not complete and current: {', '.join(sorted(incomplete))}. "
            "'lms translations export --lang <code>' gives the sections to translate.",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo("Every language is complete and current.")


@app.command("export")
def export(
    language: Annotated[str, typer.Option("--lang", help="The language to translate into.")],
    module: Annotated[str | None, typer.Option(help="Only this module.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: <lang>.po).")
    ] = None,
    directory: DirOption = None,
) -> None:
    """Write the missing and stale sections of a language as a PO file for translators."""
    from lms.curriculum.translations import export_po

    curriculum = _curriculum(directory)
    _language(curriculum, language)
    if module is not None and module not in curriculum.modules:
        typer.echo(f"There is no module '{module}'.", err=True)
        raise typer.Exit(2)
    data = export_po(curriculum, language, module)
    target = output or Path(f"{language}.po")
    target.write_bytes(data)
    entries = data.count(b"\nmsgctxt ")
    typer.echo(f"Wrote {entries} section(s) to translate into {target}.")


@app.command("import")
def import_(
    po_file: Annotated[Path, typer.Argument(help="The translated PO file.")],
    language: LangOption = None,
    directory: DirOption = None,
) -> None:
    """Put the translated sections of a PO file into the curriculum, after checking them.

    Nothing is written unless every entry and the whole curriculum check out."""
    from lms.curriculum.translations import ImportFailed, import_po

    root = directory or get_settings().curriculum_dir
    try:
        data = po_file.read_bytes()
    except OSError as error:
        typer.echo(f"Cannot read {po_file}: {error.strerror}.", err=True)
        raise typer.Exit(2) from error
    try:
        result = import_po(root, data, language)
    except ImportFailed as failed:
        for problem in failed.problems:
            typer.echo(f"{po_file}: {problem}", err=True)
        typer.echo("Nothing was imported.", err=True)
        raise typer.Exit(1) from failed
    for warning in result.warnings:
        typer.echo(f"{po_file}: warning: {warning}")
    typer.echo(
        f"Imported {result.sections} section(s) into {len(result.written)} file(s) "
        f"({result.language}); {result.skipped} entr(y/ies) left out (empty or fuzzy)."
    )
