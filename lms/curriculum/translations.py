"""Where every translation stands, section by section, and the translators' PO round trip.

The unit is the section (see :mod:`lms.curriculum.sections`): a translated section is current
when the revision it records is the source section's revision now. Translators get the
missing and stale sections of a language as a PO file, each entry one section with the
source Markdown as ``msgid``; the import checks that links, pictures, blocks and ids are kept,
then checks the whole curriculum as it would be, and writes nothing unless all is well.
"""

import io
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from lms.curriculum.loader import TRANSLATED_FROM, load_curriculum
from lms.curriculum.model import Curriculum, Document, Module, SectionState
from lms.curriculum.problems import Problem, Problems
from lms.curriculum.sections import (
    INTRO,
    Section,
    heading_key,
    join_sections,
    section_revision,
    split_sections,
    translation_front_matter,
)
from lms.curriculum.yamlio import split_front_matter


@dataclass(frozen=True)
class SectionRef:
    """One section of one source file, named the same way in every language."""

    module_id: str
    #: The file within a language folder: handbook.md, teacher.md, items.md, tasks/<id>.md.
    file: str
    key: str

    @property
    def context(self) -> str:
        return f"{self.module_id}/{self.file}#{self.key}"

    @classmethod
    def parse(cls, context: str) -> "SectionRef | None":
        module_id, slash, rest = context.partition("/")
        file, hash_, key = rest.rpartition("#")
        if not (slash and hash_ and module_id and file and key):
            return None
        return cls(module_id, file, key)


@dataclass
class Standing:
    """One language's translation of one module."""

    language: str
    module_id: str
    current: int = 0
    stale: list[SectionRef] = field(default_factory=list)
    missing: list[SectionRef] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.current + len(self.stale) + len(self.missing)

    @property
    def complete(self) -> bool:
        return not self.stale and not self.missing


def source_files(curriculum: Curriculum, module: Module) -> Iterator[tuple[str, Document]]:
    """Each source file of a module with its name inside a language folder."""
    part = module.languages.get(curriculum.source_language)
    if part is None:
        return
    for name, doc in (
        ("handbook.md", part.handbook),
        ("teacher.md", part.teacher),
        ("items.md", part.items.doc if part.items else None),
    ):
        if doc is not None:
            yield name, doc
    for task_id, task in part.tasks.items():
        yield f"tasks/{task_id}.md", task.doc


def translated_file(
    curriculum: Curriculum, module: Module, language: str, name: str
) -> Document | None:
    """The translation of source file ``name`` in ``language``, or None."""
    part = module.languages.get(language)
    if part is None:
        return None
    if name.startswith("tasks/"):
        task = part.tasks.get(name[len("tasks/") : -len(".md")])
        return task.doc if task else None
    if name == "items.md":
        return part.items.doc if part.items else None
    return getattr(part, name.removesuffix(".md"))


def translation_languages(curriculum: Curriculum) -> list[str]:
    return [code for code in curriculum.languages if code != curriculum.source_language]


def status(curriculum: Curriculum, language: str | None = None) -> list[Standing]:
    """A standing per language (all translated ones, or ``language``) and module."""
    languages = [language] if language else translation_languages(curriculum)
    rows: list[Standing] = []
    for code in languages:
        for module in curriculum.modules.values():
            row = Standing(code, module.id)
            for name, source_doc in source_files(curriculum, module):
                translation = translated_file(curriculum, module, code, name)
                states = translation.section_states if translation else {}
                for key in source_doc.sections:
                    state = states.get(key, SectionState.missing)
                    if state is SectionState.current:
                        row.current += 1
                    elif state is SectionState.stale:
                        row.stale.append(SectionRef(module.id, name, key))
                    else:
                        row.missing.append(SectionRef(module.id, name, key))
            rows.append(row)
    return rows


# --- files --------------------------------------------------------------------------------


def _read_sections(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Section texts and ``translated_from`` records of a file (empty when it is absent)."""
    if not path.is_file():
        return {}, {}
    front = split_front_matter(path.read_text(encoding="utf-8"), path, Problems())
    if front is None:
        return {}, {}
    raw = front.meta.data.get(TRANSLATED_FROM)
    records = {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
    return {section.key: section.text for section in split_sections(front.body)}, records


def source_sections(curriculum: Curriculum, module: Module, name: str) -> dict[str, str]:
    path = module.path / curriculum.source_language / name
    return _read_sections(path)[0]


# --- PO export ----------------------------------------------------------------------------

_HEADER_COMMENT = (
    "# Curriculum sections to translate. Each entry is one section in Markdown: keep its\n"
    "# heading id {#...} or item id, every link and picture target, and every ':::' line.\n"
    "# An entry marked fuzzy holds the old translation of a section whose source changed."
)


def _catalog(language: str) -> Catalog:
    try:
        locale: Locale | None = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = None
    return Catalog(
        locale=locale,
        project="upskill-lms curriculum",
        header_comment=_HEADER_COMMENT,
        creation_date=datetime.now(UTC),
    )


def export_po(curriculum: Curriculum, language: str, module_id: str | None = None) -> bytes:
    """The missing and stale sections of ``language`` as a PO file."""
    catalog = _catalog(language)
    source = curriculum.source_language
    for row in status(curriculum, language):
        if module_id and row.module_id != module_id:
            continue
        module = curriculum.modules[row.module_id]
        todo = {ref: SectionState.stale for ref in row.stale}
        todo.update({ref: SectionState.missing for ref in row.missing})
        for name, _doc in source_files(curriculum, module):
            if not any(ref.file == name for ref in todo):
                continue
            originals, offset = _sections_of(module.path / source / name)
            old, _records = _read_sections(module.path / language / name)
            for section in originals:
                ref = SectionRef(module.id, name, section.key)
                if ref not in todo:
                    continue
                stale = todo[ref] is SectionState.stale
                message = catalog.add(
                    section.text,
                    old.get(section.key, "") if stale else "",
                    locations=[(f"modules/{module.id}/{source}/{name}", section.line + offset)],
                    flags=["fuzzy"] if stale else [],
                    auto_comments=[
                        "The source changed since this was translated: update the translation."
                        if stale
                        else "Not translated yet."
                    ],
                    context=ref.context,
                )
                # Braces in Markdown ({#id}) are not format strings; the flag would make
                # translators' tools check them as if they were.
                message.flags -= {"python-format", "python-brace-format"}
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=False)
    return out.getvalue()


def _sections_of(path: Path) -> tuple[list[Section], int]:
    """A file's sections, and the number of lines before its body (its front matter)."""
    front = split_front_matter(path.read_text(encoding="utf-8"), path, Problems())
    return (split_sections(front.body), front.body_offset) if front else ([], 0)


# --- PO import ----------------------------------------------------------------------------

_BLOCK_RE = re.compile(r"^:::\s*([a-z]+)(?:\s+([a-z0-9-]+))?", re.MULTILINE)
_BLOCK_END_RE = re.compile(r"^:::\s*$", re.MULTILINE)
_TARGET_RE = re.compile(r"\]\(\s*<?([^)\s>]+)")
_ANCHOR_RE = re.compile(r"\{#([^}\s]+)\}")
_TITLE_RE = re.compile(r"^# ", re.MULTILINE)


#: (module id, file) -> section key -> (translated text, source revision, PO line).
Changes = dict[tuple[str, str], dict[str, tuple[str, str, int]]]


class ImportFailed(Exception):
    """The PO file cannot be imported; nothing was written. ``problems`` says why, by line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Imported:
    language: str
    written: list[Path]
    sections: int
    #: Entries left out: empty or fuzzy.
    skipped: int
    warnings: list[str]


def structure_problems(key: str, source: str, translation: str) -> list[str]:
    """What a translated section must keep of its source: one section with the same key, the
    title line, each ':::' block (and term id), each link and picture target, each {#id}."""
    found: list[str] = []
    sections = split_sections(translation)
    keys = [section.key for section in sections]
    if keys != [key]:
        if key == INTRO:
            found.append("the title and introduction may not contain a '## ' heading")
        elif not translation.lstrip().startswith("## "):
            found.append("the section must start with its '## ' heading line")
        elif len(keys) > 1:
            found.append("one entry is one section: it may contain only one '## ' heading")
        else:
            first = translation.lstrip().split("\n", 1)[0][3:]
            found.append(f"the heading must keep the id '{key}' (it has '{heading_key(first)}')")
    if bool(_TITLE_RE.search(source)) != bool(_TITLE_RE.search(translation)):
        found.append("the '# ' title line must be kept")
    blocks, their_blocks = _BLOCK_RE.findall(source), _BLOCK_RE.findall(translation)
    if [(kind, term if kind == "term" else "") for kind, term in blocks] != [
        (kind, term if kind == "term" else "") for kind, term in their_blocks
    ] or len(_BLOCK_END_RE.findall(source)) != len(_BLOCK_END_RE.findall(translation)):
        shown = ", ".join(f"::: {kind}" for kind, _ in blocks) or "none"
        found.append(f"the ':::' blocks must stay the same, in the same order ({shown})")
    missing = Counter(_TARGET_RE.findall(source)) - Counter(_TARGET_RE.findall(translation))
    added = Counter(_TARGET_RE.findall(translation)) - Counter(_TARGET_RE.findall(source))
    found.extend(f"the link or picture '{target}' of the source is missing" for target in missing)
    found.extend(f"the link or picture '{target}' is not in the source" for target in added)
    if _anchors_below(source) != _anchors_below(translation):
        found.append("the {#id} of every heading must be kept")
    return found


def _anchors_below(text: str) -> list[str]:
    """The {#id}s after the section's own heading line (that one is checked as its key)."""
    return sorted(_ANCHOR_RE.findall(text.strip("\n").partition("\n")[2]))


def import_po(root: Path, data: bytes, language: str | None = None) -> Imported:
    """Write the translated entries of a PO file into the curriculum at ``root``.

    All or nothing: any problem raises :class:`ImportFailed` and no file is changed.
    """
    root = root.resolve()
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as error:
        raise ImportFailed([f"line {error.lineno}: this is not a valid PO file"]) from error
    except (UnicodeDecodeError, ValueError) as error:
        raise ImportFailed([f"this is not a readable PO file ({error})"]) from error
    curriculum, problems = load_curriculum(root)
    if curriculum is None or problems.errors:
        raise ImportFailed(
            ["the curriculum has errors now; run 'lms curriculum check' and fix them first"]
        )
    language = _language_of(catalog, language, curriculum)
    source = curriculum.source_language
    found: list[str] = []
    warnings: list[str] = []
    changes: Changes = {}
    skipped = 0
    for message in catalog:
        if not message.id:
            continue
        line = message.lineno or 0
        where = f"line {line} ({message.context})"
        text = message.string if isinstance(message.string, str) else ""
        if message.fuzzy or not text.strip():
            skipped += 1
            continue
        ref = SectionRef.parse(message.context or "")
        module = curriculum.modules.get(ref.module_id) if ref else None
        originals = source_sections(curriculum, module, ref.file) if module and ref else {}
        if ref is None or module is None or ref.key not in originals:
            found.append(f"{where}: no such section in the curriculum")
            continue
        source_text = str(message.id)
        found.extend(
            f"{where}: {problem}"
            for problem in structure_problems(ref.key, source_text, text.strip("\n"))
        )
        if source_text.strip() != originals[ref.key].strip():
            warnings.append(
                f"{where}: the {source} text changed after this file was made; "
                "the section is imported but stays stale"
            )
        changes.setdefault((ref.module_id, ref.file), {})[ref.key] = (
            text.strip("\n"),
            section_revision(source_text),
            line,
        )
    if found:
        raise ImportFailed(found)
    files = {
        module.path / language / name: _merged(module.path, source, language, name, edits)
        for (module_id, name), edits in changes.items()
        for module in [curriculum.modules[module_id]]
    }
    _check_as_it_would_be(root, files, changes)
    for path, text in files.items():
        _write(path, text)
    return Imported(
        language,
        sorted(files),
        sum(len(edits) for edits in changes.values()),
        skipped,
        warnings,
    )


def _language_of(catalog: Catalog, language: str | None, curriculum: Curriculum) -> str:
    declared = str(catalog.locale).replace("_", "-") if catalog.locale else None
    if language and declared and declared != language:
        raise ImportFailed([f"the file is for language '{declared}', not '{language}'"])
    chosen = language or declared
    if chosen is None:
        raise ImportFailed(["the file names no language: give --lang"])
    if chosen not in curriculum.languages or chosen == curriculum.source_language:
        raise ImportFailed([f"'{chosen}' is not a translated language in languages.yaml"])
    return chosen


def _merged(
    module_dir: Path, source: str, language: str, name: str, edits: dict[str, tuple[str, str, int]]
) -> str:
    """The translated file with the imported sections put in, in source order."""
    originals = _read_sections(module_dir / source / name)[0]
    texts, records = _read_sections(module_dir / language / name)
    for key, (text, record, _line) in edits.items():
        texts[key], records[key] = text, record
    order = [key for key in originals if key in texts]
    front = translation_front_matter({key: records[key] for key in order if key in records})
    return front + "\n" + join_sections([texts[key] for key in order])


def _check_as_it_would_be(root: Path, files: dict[Path, str], changes: Changes) -> None:
    """Load a copy of the curriculum with the new files; any error refuses the import."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "curriculum"
        shutil.copytree(root, copy)
        for path, text in files.items():
            target = copy / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        _curriculum, problems = load_curriculum(copy)
        if problems.errors:
            raise ImportFailed(
                [_po_place(problem, copy, root, files, changes) for problem in problems.errors]
            )


def _po_place(
    problem: Problem, copy: Path, root: Path, files: dict[Path, str], changes: Changes
) -> str:
    """A problem of the checked copy, told by PO line where it falls in an imported section."""
    relative = problem.path.relative_to(copy) if problem.path.is_relative_to(copy) else None
    text = files.get(root / relative) if relative else None
    if relative is None or text is None:
        return problem.format(relative_to=copy)
    module_id, _language, *rest = relative.parts[1:]
    edits = changes.get((module_id, "/".join(rest)), {})
    front = split_front_matter(text, problem.path, Problems())
    offset = front.body_offset if front else 0
    hit = None
    for section in split_sections(front.body if front else text):
        if section.line + offset <= problem.line:
            hit = section.key
    if hit in edits:
        return f"line {edits[hit][2]} ({module_id}/{'/'.join(rest)}#{hit}): {problem.message}"
    return problem.format(relative_to=copy)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.importing")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
