"""Read a curriculum folder into a :class:`Curriculum`, collecting every problem.

Bad input never raises: each problem is recorded with its file and line and reading goes
on, so an author sees all problems in one run. Callers decide what errors mean (the check
command prints them; the server refuses to start).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lms.curriculum import markdown
from lms.curriculum.items import read_items
from lms.curriculum.markdown import ID_RE, RenderContext, revision_of
from lms.curriculum.model import (
    Curriculum,
    DocKind,
    Document,
    Item,
    ItemSet,
    Module,
    ModuleLanguage,
    Outcome,
    Programme,
    ProgrammeModule,
    SectionState,
    Task,
    Term,
)
from lms.curriculum.problems import Problems
from lms.curriculum.sections import INTRO, Section, split_sections
from lms.curriculum.tasks import read_sections, read_task_meta
from lms.curriculum.yamlio import YamlDoc, parse_yaml, read_text, split_front_matter

LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_REVISION_RE = re.compile(r"^[0-9a-f]{12}$")
#: The front-matter key where a translation records, per section, the source it was made from.
TRANSLATED_FROM = "translated_from"
_UNSAFE_SVG_RE = re.compile(
    r"<\s*script|<\s*foreignObject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*[\"']\s*(?:https?:|//|data:)",
    re.IGNORECASE,
)
DOC_FILES = {
    "handbook.md": DocKind.handbook,
    "teacher.md": DocKind.teacher,
    "items.md": DocKind.items,
}

Labels = Callable[[str], Callable[[str], str]]


def _identity_labels(_language: str) -> Callable[[str], str]:
    return lambda text: text


@dataclass
class _Refs:
    """Links that can only be checked once everything is read."""

    glossary: list[tuple[Path, int, str, str]]  # path, line, language, term id
    modules: list[tuple[Path, int, str]]


class _Reader:
    def __init__(self, root: Path, problems: Problems, labels: Labels) -> None:
        self.root = root
        self.problems = problems
        self.labels = labels
        self.refs = _Refs(glossary=[], modules=[])
        self.terms: list[Term] = []
        self.source = "en"
        self.languages: dict[str, str] = {}
        self.module_yaml: dict[str, YamlDoc] = {}
        self.programme_yaml: dict[str, YamlDoc] = {}

    # -- small helpers ---------------------------------------------------------------------

    def _yaml_file(self, path: Path) -> YamlDoc | None:
        text = read_text(path, self.problems)
        if text is None:
            return None
        doc = parse_yaml(text, path, self.problems)
        if doc is not None and not isinstance(doc.data, dict):
            self.problems.error(path, 1, "this file must be a list of 'key: value' lines")
            return None
        return doc

    def _texts(
        self, doc: YamlDoc, path: Path, key: str, *, required: bool = True
    ) -> dict[str, str]:
        """A per-language text map such as ``title: {en: ..., lt: ...}``."""
        value = doc.data.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict) or not isinstance(value.get(self.source), str):
            self.problems.error(
                path,
                doc.line(key),
                f"'{key}:' needs its text per language, at least '{self.source}:'",
            )
            return {}
        texts: dict[str, str] = {}
        for language, text in value.items():
            if language not in self.languages:
                self.problems.error(
                    path, doc.line(key, language), f"language '{language}' is not in languages.yaml"
                )
            elif not isinstance(text, str) or not text.strip():
                self.problems.error(
                    path, doc.line(key, language), f"'{key}' in '{language}' is empty"
                )
            else:
                texts[language] = text.strip()
        return texts

    def _int(
        self, doc: YamlDoc, path: Path, key: str, low: int, high: int, default: int | None = None
    ) -> int:
        value = doc.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problems.error(
                path, doc.line(key), f"'{key}:' must be a whole number from {low} to {high}"
            )
            return low
        return value

    def _id_list(self, doc: YamlDoc, path: Path, key: str, *parent: str | int) -> list[str]:
        container = doc.data
        for step in parent:
            container = container[step]
        value = container.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problems.error(path, doc.line(*parent, key), f"'{key}:' must be a list of ids")
            return []
        return value

    def _unknown_keys(self, doc: YamlDoc, path: Path, allowed: set[str]) -> None:
        for key in doc.data:
            if key not in allowed:
                self.problems.error(
                    path,
                    doc.line(key),
                    f"unknown setting '{key}': use " + ", ".join(sorted(allowed)),
                )

    # -- top-level files -------------------------------------------------------------------

    def read_languages(self) -> bool:
        path = self.root / "languages.yaml"
        if not path.is_file():
            self.problems.error(path, 1, "languages.yaml is missing: it names the source language")
            return False
        doc = self._yaml_file(path)
        if doc is None:
            return False
        languages = doc.data.get("languages")
        if not isinstance(languages, dict) or not languages:
            self.problems.error(
                path, doc.line("languages"), "'languages:' lists each code and name"
            )
            return False
        for code, name in languages.items():
            if not isinstance(code, str) or not LANGUAGE_RE.match(code):
                self.problems.error(
                    path, doc.line("languages", code), f"'{code}' is not a language code"
                )
            elif not isinstance(name, str) or not name.strip():
                self.problems.error(
                    path, doc.line("languages", code), f"language '{code}' needs a name"
                )
            else:
                self.languages[code] = name.strip()
        source = doc.data.get("source")
        if source not in self.languages:
            self.problems.error(path, doc.line("source"), "'source:' must be one of the languages")
            return False
        self.source = source
        self._unknown_keys(doc, path, {"source", "languages"})
        return True

    def read_competencies(self) -> dict[str, dict[str, str]]:
        path = self.root / "competencies.yaml"
        if not path.is_file():
            return {}
        doc = self._yaml_file(path)
        if doc is None:
            return {}
        competencies: dict[str, dict[str, str]] = {}
        for key in doc.data:
            if not isinstance(key, str) or not ID_RE.match(key):
                self.problems.error(
                    path, doc.line(key), f"competency id '{key}' may only use a-z, 0-9, -"
                )
                continue
            competencies[key] = self._texts(doc, path, key)
        return competencies

    # -- modules ---------------------------------------------------------------------------

    def read_module(self, folder: Path) -> Module | None:
        module_id = folder.name
        path = folder / "module.yaml"
        if not path.is_file():
            first = next(iter(sorted(folder.rglob("*.md"))), folder)
            self.problems.error(
                first,
                1,
                f"this is part of module '{module_id}', which does not exist: "
                f"the folder has no module.yaml",
            )
            return None
        if not ID_RE.match(module_id):
            self.problems.error(
                path, 1, f"module folder '{module_id}' may only use a-z, 0-9 and hyphens"
            )
        doc = self._yaml_file(path)
        if doc is None:
            return None
        version = doc.data.get("version")
        if (
            not isinstance(version, str | int | float)
            or isinstance(version, bool)
            or not str(version).strip()
        ):
            self.problems.error(
                path, doc.line("version"), "'version:' is required, e.g. version: \"1.0\""
            )
        duration = doc.data.get("duration_hours")
        if isinstance(duration, bool) or not isinstance(duration, int | float) or duration <= 0:
            self.problems.error(
                path, doc.line("duration_hours"), "'duration_hours:' must be a number above 0"
            )
            duration = 0
        outcomes = self._outcomes(doc, path)
        esco = doc.data.get("esco") or []
        if not isinstance(esco, list) or not all(
            isinstance(uri, str) and uri.startswith("http://data.europa.eu/esco/") for uri in esco
        ):
            self.problems.error(
                path, doc.line("esco"), "'esco:' lists ESCO URIs (http://data.europa.eu/esco/...)"
            )
            esco = []
        self._unknown_keys(
            doc,
            path,
            {
                "version",
                "title",
                "duration_hours",
                "eqf_level",
                "prerequisites",
                "competencies",
                "esco",
                "outcomes",
                "assessment",
            },
        )
        module = Module(
            id=module_id,
            path=folder,
            version=str(version or ""),
            title=self._texts(doc, path, "title"),
            duration_hours=float(duration),
            eqf_level=self._int(doc, path, "eqf_level", 1, 8),
            prerequisites=self._id_list(doc, path, "prerequisites"),
            competencies=self._id_list(doc, path, "competencies"),
            esco=esco,
            outcomes=outcomes,
        )
        self.module_yaml[module_id] = doc
        self._assessment_settings(module, doc, path)
        self._check_media(folder / "media")
        self._read_languages_of(module)
        return module

    def _assessment_settings(self, module: Module, doc: YamlDoc, path: Path) -> None:
        """``assessment: {max_attempts: 3, time_limit_minutes: 30}`` (both optional)."""
        settings = doc.data.get("assessment") or {}
        if not isinstance(settings, dict):
            self.problems.error(
                path,
                doc.line("assessment"),
                "'assessment:' holds max_attempts and time_limit_minutes",
            )
            return
        for key in settings:
            if key not in ("max_attempts", "time_limit_minutes", "show_answers"):
                self.problems.error(
                    path, doc.line("assessment", key), f"unknown assessment setting '{key}'"
                )
        attempts = settings.get("max_attempts", 3)
        if isinstance(attempts, bool) or not isinstance(attempts, int) or not 1 <= attempts <= 20:
            self.problems.error(
                path,
                doc.line("assessment", "max_attempts"),
                "'max_attempts:' is a whole number from 1 to 20",
            )
        else:
            module.max_attempts = attempts
        show = settings.get("show_answers", "after-submission")
        if show not in ("after-submission", "after-last-attempt"):
            self.problems.error(
                path,
                doc.line("assessment", "show_answers"),
                "'show_answers:' is after-submission or after-last-attempt",
            )
        else:
            module.show_answers = show
        limit = settings.get("time_limit_minutes")
        if limit is not None:
            if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 600:
                self.problems.error(
                    path,
                    doc.line("assessment", "time_limit_minutes"),
                    "'time_limit_minutes:' is a whole number from 1 to 600",
                )
            else:
                module.time_limit_minutes = limit

    def _check_media(self, folder: Path) -> None:
        """Pictures are served from our own address, so an SVG must not carry script."""
        if not folder.is_dir():
            return
        for path in sorted(folder.rglob("*")):
            if path.is_dir():
                continue
            if path.suffix.lower() not in markdown.IMAGE_SUFFIXES | {".pdf"}:
                self.problems.error(path, 1, "media files are SVG, PNG, JPEG, WebP or PDF")
                continue
            relative = path.relative_to(folder)
            # media/<language>/<name> is the translated version of media/<name>.
            if (
                len(relative.parts) > 1
                and relative.parts[0] in self.languages
                and not (folder / Path(*relative.parts[1:])).is_file()
            ):
                self.problems.error(
                    path,
                    1,
                    f"this translates media/{Path(*relative.parts[1:]).as_posix()}, "
                    "which does not exist",
                )
            if path.suffix.lower() != ".svg":
                continue
            text = read_text(path, self.problems)
            if text is None:
                continue
            for number, line in enumerate(text.split("\n"), start=1):
                found = _UNSAFE_SVG_RE.search(line)
                if found:
                    self.problems.error(
                        path, number, f"SVG pictures may not contain '{found.group(0).strip()}'"
                    )
                    break

    def _outcomes(self, doc: YamlDoc, path: Path) -> list[Outcome]:
        raw = doc.data.get("outcomes")
        if not isinstance(raw, list) or not raw:
            self.problems.error(
                path, doc.line("outcomes"), "'outcomes:' lists what learners can do afterwards"
            )
            return []
        outcomes: list[Outcome] = []
        seen: set[str] = set()
        for index, entry in enumerate(raw):
            line = doc.line("outcomes", index)
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                self.problems.error(
                    path, line, "each outcome needs an 'id:' and its text per language"
                )
                continue
            outcome_id = entry["id"]
            if not ID_RE.match(outcome_id) or outcome_id in seen:
                self.problems.error(
                    path, line, f"outcome id '{outcome_id}' is invalid or used twice"
                )
            seen.add(outcome_id)
            texts = {k: v.strip() for k, v in entry.items() if k != "id" and isinstance(v, str)}
            for language in texts:
                if language not in self.languages:
                    self.problems.error(
                        path,
                        doc.line("outcomes", index, language),
                        f"language '{language}' is not in languages.yaml",
                    )
            if self.source not in texts:
                self.problems.error(
                    path, line, f"outcome '{outcome_id}' needs its '{self.source}:' text"
                )
            outcomes.append(Outcome(id=outcome_id, text=texts))
        return outcomes

    def _read_languages_of(self, module: Module) -> None:
        folder = module.path
        language_dirs = sorted(
            p
            for p in folder.iterdir()
            if p.is_dir() and p.name != "media" and not p.name.startswith(".")
        )
        source_dir = folder / self.source
        if not source_dir.is_dir():
            self.problems.error(
                folder / "module.yaml", 1, f"the module has no '{self.source}/' folder"
            )
            return
        module.languages[self.source] = self._read_language(module, source_dir, None)
        for language_dir in language_dirs:
            if language_dir.name == self.source:
                continue
            if language_dir.name not in self.languages:
                first = next(iter(sorted(language_dir.rglob("*"))), language_dir)
                self.problems.error(
                    first, 1, f"language '{language_dir.name}' is not in languages.yaml"
                )
                continue
            module.languages[language_dir.name] = self._read_language(
                module, language_dir, module.languages[self.source]
            )
            self._check_module_texts(module, language_dir.name)

    def _check_module_texts(self, module: Module, language: str) -> None:
        path = module.path / "module.yaml"
        doc = self.module_yaml[module.id]
        if language not in module.title:
            self.problems.warning(
                path,
                doc.line("title"),
                f"the module has a '{language}' translation but no '{language}:' title",
            )
        for index, outcome in enumerate(module.outcomes):
            if language not in outcome.text:
                self.problems.warning(
                    path,
                    doc.line("outcomes", index),
                    f"outcome '{outcome.id}' has no '{language}:' text",
                )

    def _read_language(
        self, module: Module, folder: Path, source: ModuleLanguage | None
    ) -> ModuleLanguage:
        result = ModuleLanguage()
        language = folder.name
        for path in sorted(folder.rglob("*")):
            if path.is_dir():
                continue
            relative = path.relative_to(folder).as_posix()
            if relative in DOC_FILES:
                kind = DOC_FILES[relative]
                source_doc = None
                if source is not None:
                    source_doc = self._source_counterpart(source, kind)
                    if source_doc is None:
                        self._no_source(path, module, relative)
                        continue
                read = self._read_doc(path, module, language, kind, source_doc)
                if read is None:
                    continue
                if kind is DocKind.items:
                    doc, extra = read
                    result.items = ItemSet(module.id, language, doc, extra)
                    if source is not None and source.items is not None:
                        self._compare_items(path, source.items, result.items)
                        result.items.items = _items_shown(source.items, result.items)
                else:
                    setattr(result, kind.value, read[0])
            elif (
                relative.startswith("tasks/")
                and relative.endswith(".md")
                and relative.count("/") == 1
            ):
                task_id = path.stem
                if not ID_RE.match(task_id):
                    self.problems.error(
                        path, 1, f"task file name '{task_id}' may only use a-z, 0-9, -"
                    )
                    continue
                source_task = None
                if source is not None:
                    source_task = source.tasks.get(task_id)
                    if source_task is None:
                        self._no_source(path, module, relative)
                        continue
                read = self._read_doc(
                    path, module, language, DocKind.task, source_task.doc if source_task else None
                )
                if read is None:
                    continue
                doc, (places, duration, checklist) = read
                if source_task is not None:
                    places, duration = source_task.places, source_task.duration_minutes
                    if doc.section_states.get("checklist") is not SectionState.current:
                        # The criteria an assessor signs are those of the section shown.
                        checklist = source_task.checklist
                    elif len(checklist) != len(source_task.checklist):
                        self.problems.error(
                            path,
                            1,
                            f"the checklist has {len(checklist)} criteria but the source has "
                            f"{len(source_task.checklist)}: translate each one, in the same order",
                        )
                result.tasks[task_id] = Task(
                    task_id, module.id, language, doc, places, duration, checklist
                )
            else:
                self.problems.error(
                    path,
                    1,
                    "unknown file: a language folder holds handbook.md, teacher.md, items.md "
                    "and tasks/<task-id>.md",
                )
        if source is None:
            for name, part in (
                ("handbook.md", result.handbook),
                ("teacher.md", result.teacher),
                ("items.md", result.items),
            ):
                if part is None and not (folder / name).exists():
                    self.problems.error(folder / name, 1, f"required part missing: {name}")
            if not result.tasks:
                self.problems.error(
                    folder / "tasks",
                    1,
                    "required part missing: at least one practical task in tasks/",
                )
        return result

    @staticmethod
    def _source_counterpart(source: ModuleLanguage, kind: DocKind) -> Document | None:
        if kind is DocKind.items:
            return source.items.doc if source.items else None
        return getattr(source, kind.value)

    def _no_source(self, path: Path, module: Module, relative: str) -> None:
        self.problems.error(
            path,
            1,
            f"this translates '{self.source}/{relative}' of module '{module.id}', "
            "which does not exist",
        )

    def _read_doc(
        self,
        path: Path,
        module: Module,
        language: str,
        kind: DocKind,
        source_doc: Document | None,
    ) -> tuple[Document, Any] | None:
        text = read_text(path, self.problems)
        if text is None:
            return None
        front = split_front_matter(text, path, self.problems)
        if front is None:
            return None
        ctx = RenderContext(
            path=path,
            module_id=module.id,
            module_dir=module.path,
            language=language,
            problems=self.problems,
            labels=self.labels(language),
            body_offset=front.body_offset,
        )
        sections = split_sections(front.body)
        records = self._translated_from(front.meta, path, kind, source_doc)
        tokens = markdown.parse(front.body, ctx)
        extra: Any = None
        if kind is DocKind.items:
            parsed = read_items(tokens, ctx)
            extra = parsed.items
            for term_id, line in parsed.defect_refs:
                self.refs.glossary.append((path, line, language, term_id))
        elif kind is DocKind.task:
            places, duration = ([], 0)
            if source_doc is None:
                places, duration = read_task_meta(front.meta, ctx)
            extra = (places, duration, read_sections(tokens, ctx))
        html = (
            ""
            if kind is DocKind.items
            else markdown.render(markdown.without_teacher_blocks(tokens), ctx)
        )
        teacher_html = "" if kind is DocKind.items else markdown.render(tokens, ctx)
        markdown.check_local_links(ctx)
        # A translation without its introduction shows the source's, title included.
        intro_missing = source_doc is not None and not any(s.key == INTRO for s in sections)
        if ctx.title is None and kind is not DocKind.items and not intro_missing:
            self.problems.error(
                path, 1 + front.body_offset, "the page needs a '# Title' line at the top"
            )
        for term_id, line in ctx.glossary_refs:
            self.refs.glossary.append((path, line, language, term_id))
        for module_id, line in ctx.module_refs:
            self.refs.modules.append((path, line, module_id))
        if kind in (DocKind.items, DocKind.task) and ctx.terms:
            self.problems.error(path, ctx.terms[0].line, "define terms in the handbook, not here")
        else:
            self.terms.extend(_placed(ctx.terms, sections, front.body_offset))
        document = Document(
            kind=kind,
            module_id=module.id,
            language=language,
            path=path,
            title=ctx.title or module.title.get(language, module.id),
            html=html,
            teacher_html=teacher_html,
            toc=ctx.headings,
            revision=revision_of(text),
            sections={section.key: section.revision for section in sections},
        )
        if source_doc is not None and records is not None:
            document.section_states = self._section_states(
                path, front.body_offset, sections, records, source_doc
            )
            if document.stale and kind is not DocKind.items:
                self._compose(document, sections, source_doc, ctx)
        return document, extra

    def _translated_from(
        self, meta: YamlDoc, path: Path, kind: DocKind, source_doc: Document | None
    ) -> dict[str, str] | None:
        """A translation's record: section key -> revision of the source section it was made
        from. None for a source file, or when the record is broken (an error is reported)."""
        if source_doc is None:
            if kind is not DocKind.task:
                for key in meta.data:
                    self.problems.error(
                        path, meta.line(key), f"unknown setting '{key}' in a source file"
                    )
            return None
        for key in meta.data:
            if key != TRANSLATED_FROM:
                self.problems.error(
                    path,
                    meta.line(key),
                    f"a translation only records '{TRANSLATED_FROM}:', not '{key}'",
                )
        raw = meta.data.get(TRANSLATED_FROM)
        if not isinstance(raw, dict):
            key, revision = next(iter(source_doc.sections.items()), (INTRO, ""))
            self.problems.error(
                path,
                meta.line(TRANSLATED_FROM) if raw is not None else 1,
                "a translation starts with the revision of each source section it was made "
                f"from: '---' / '{TRANSLATED_FROM}:' / '  {key}: \"{revision}\"' ... / '---' "
                "(lms curriculum check --revisions lists them)",
            )
            return None
        records: dict[str, str] = {}
        for key, value in raw.items():
            revision = str(value).strip().lower()
            if not _REVISION_RE.match(revision):
                self.problems.error(
                    path,
                    meta.line(TRANSLATED_FROM, key),
                    f"section '{key}': a revision is 12 hexadecimal digits in quotes, "
                    f"not '{value}'",
                )
            elif key not in source_doc.sections:
                self.problems.warning(
                    path,
                    meta.line(TRANSLATED_FROM, key),
                    f"'{TRANSLATED_FROM}' names section '{key}', which the source no longer has",
                )
            else:
                records[str(key)] = revision
        return records

    def _section_states(
        self,
        path: Path,
        offset: int,
        sections: list[Section],
        records: dict[str, str],
        source_doc: Document,
    ) -> dict[str, SectionState]:
        """How each source section stands in this translation; stale ones are warned of."""
        own = {section.key: section for section in sections}
        for section in sections:
            line = section.line + offset
            if section.key not in source_doc.sections:
                self.problems.error(
                    path,
                    line,
                    f"section '{section.key}' is not in the source: a translated heading keeps "
                    "the source's {#id} (an item keeps its id)",
                )
            elif section.key not in records:
                self.problems.error(
                    path,
                    line,
                    f"section '{section.key}' has no entry under '{TRANSLATED_FROM}:'; "
                    "if it translates the current source, add "
                    f"'{section.key}: \"{source_doc.sections[section.key]}\"'",
                )
        states: dict[str, SectionState] = {}
        for key, revision in source_doc.sections.items():
            if key not in own:
                states[key] = SectionState.missing
            elif records.get(key) == revision:
                states[key] = SectionState.current
            else:
                states[key] = SectionState.stale
                if key in records:
                    self.problems.warning(
                        path,
                        own[key].line + offset,
                        f"stale section '{key}': translated from source revision "
                        f"{records[key]}, the source is now at {revision}",
                    )
        return states

    def _compose(
        self, document: Document, sections: list[Section], source_doc: Document, ctx: RenderContext
    ) -> None:
        """Rebuild a partly stale translation's HTML: current sections as translated, the
        others from the source, each under a notice. Both files were checked when they were
        read, so the problems of this second pass are dropped."""
        own = {section.key: section.text for section in sections}
        source_text = read_text(source_doc.path, Problems()) or ""
        source_front = split_front_matter(source_text, source_doc.path, Problems())
        body = source_front.body if source_front else ""
        source_sections = {section.key: section.text for section in split_sections(body)}
        quiet = RenderContext(
            path=document.path,
            module_id=ctx.module_id,
            module_dir=ctx.module_dir,
            language=ctx.language,
            problems=Problems(),
            labels=ctx.labels,
        )
        tokens: list[Any] = []
        for key, state in document.section_states.items():
            if state is SectionState.current:
                tokens.extend(markdown.parse(own[key], quiet))
                continue
            opening, closing = markdown.fallback_tokens(state.value, self.source)
            tokens.extend([opening, *markdown.parse(source_sections.get(key, ""), quiet), closing])
        document.html = markdown.render(markdown.without_teacher_blocks(tokens), quiet)
        document.teacher_html = markdown.render(tokens, quiet)
        document.toc = quiet.headings
        if quiet.title:
            document.title = quiet.title

    def _compare_items(self, path: Path, source: ItemSet, translation: ItemSet) -> None:
        """A current translation of an item keeps its answer. A stale one is not compared:
        the source's new version is shown in its place until it is translated again."""
        by_id = {item.id: item for item in source.items}
        states = translation.doc.section_states
        for item in translation.items:
            original = by_id.get(item.id)
            if original is None:
                self.problems.error(
                    path, item.line, f"item '{item.id}' does not exist in the source"
                )
            elif (
                states.get(item.id) is SectionState.current
                and original.answer_key() != item.answer_key()
            ):
                self.problems.error(
                    path,
                    item.line,
                    f"the translation of item '{item.id}' changes its answer "
                    "(type, ticks, numbers, "
                    "order length, rows or verdicts must stay as in the source)",
                )

    # -- programmes ------------------------------------------------------------------------

    def read_programme(self, path: Path) -> Programme | None:
        doc = self._yaml_file(path)
        if doc is None:
            return None
        programme_id = doc.data.get("id")
        if programme_id != path.stem:
            self.problems.error(
                path, doc.line("id"), f"'id:' must be '{path.stem}', the file's name"
            )
        raw_modules = doc.data.get("modules")
        modules: list[ProgrammeModule] = []
        if not isinstance(raw_modules, list) or not raw_modules:
            self.problems.error(
                path, doc.line("modules"), "'modules:' lists the programme's modules in order"
            )
            raw_modules = []
        seen: set[str] = set()
        for index, entry in enumerate(raw_modules):
            line = doc.line("modules", index)
            if not isinstance(entry, dict) or not isinstance(entry.get("module"), str):
                self.problems.error(path, line, "each entry needs 'module: <module id>'")
                continue
            if entry["module"] in seen:
                self.problems.error(path, line, f"module '{entry['module']}' is listed twice")
            seen.add(entry["module"])
            pass_mark = entry.get("pass_mark", 70)
            if (
                isinstance(pass_mark, bool)
                or not isinstance(pass_mark, int)
                or not 0 <= pass_mark <= 100
            ):
                self.problems.error(
                    path,
                    doc.line("modules", index, "pass_mark"),
                    "'pass_mark:' is a percent, 0 to 100",
                )
                pass_mark = 70
            for key in entry:
                if key not in ("module", "pass_mark", "required_tasks"):
                    self.problems.error(
                        path, doc.line("modules", index, key), f"unknown setting '{key}'"
                    )
            modules.append(
                ProgrammeModule(
                    module_id=entry["module"],
                    pass_mark=pass_mark,
                    required_tasks=self._id_list(doc, path, "required_tasks", "modules", index),
                )
            )
        self._unknown_keys(
            doc,
            path,
            {"id", "title", "summary", "eqf_level", "validity_months", "award", "modules"},
        )
        award = doc.data.get("award", "confirm")
        if award not in ("confirm", "automatic"):
            self.problems.error(path, doc.line("award"), "'award:' is confirm or automatic")
            award = "confirm"
        programme = Programme(
            id=path.stem,
            path=path,
            title=self._texts(doc, path, "title"),
            summary=self._texts(doc, path, "summary", required=False),
            eqf_level=self._int(doc, path, "eqf_level", 1, 8),
            validity_months=self._int(doc, path, "validity_months", 0, 240, default=0),
            modules=modules,
            award=award,
        )
        self.programme_yaml[programme.id] = doc
        return programme


def _placed(terms: list[Term], sections: list[Section], offset: int) -> list[Term]:
    """Each term with the key of the section it is defined in."""
    placed = []
    for term in terms:
        key = INTRO
        for section in sections:
            if section.line + offset <= term.line:
                key = section.key
        placed.append(replace(term, section=key))
    return placed


def _items_shown(source: ItemSet, translation: ItemSet) -> list[Item]:
    """The items a reader of the translation gets, in source order: each current translated
    item, else the source item marked as a fallback."""
    own = {item.id: item for item in translation.items}
    states = translation.doc.section_states
    shown: list[Item] = []
    for item in source.items:
        state = states.get(item.id, SectionState.missing)
        if state is SectionState.current and item.id in own:
            shown.append(own[item.id])
        else:
            shown.append(replace(item, fallback=state))
    return shown


def _check_links_between(reader: _Reader, curriculum: Curriculum) -> None:
    problems = reader.problems
    source = curriculum.source_language
    for path, line, _language, term_id in reader.refs.glossary:
        if term_id not in curriculum.glossary.get(source, {}):
            problems.error(path, line, f"glossary term '{term_id}' is not defined in any module")
    for path, line, module_id in reader.refs.modules:
        if module_id not in curriculum.modules:
            problems.error(path, line, f"module '{module_id}' does not exist")
    for module in curriculum.modules.values():
        module_yaml = reader.module_yaml[module.id]
        yaml_path = module.path / "module.yaml"
        for prerequisite in module.prerequisites:
            if prerequisite not in curriculum.modules or prerequisite == module.id:
                problems.error(
                    yaml_path,
                    module_yaml.line("prerequisites"),
                    f"prerequisite '{prerequisite}' is not another module",
                )
        for competency in module.competencies:
            if competency not in curriculum.competencies:
                problems.error(
                    yaml_path,
                    module_yaml.line("competencies"),
                    f"competency '{competency}' is not in competencies.yaml",
                )
    _check_prerequisite_cycles(problems, curriculum)
    for programme in curriculum.programmes.values():
        programme_yaml = reader.programme_yaml[programme.id]
        for index, entry in enumerate(programme.modules):
            module = curriculum.modules.get(entry.module_id)
            line = programme_yaml.line("modules", index)
            if module is None:
                problems.error(programme.path, line, f"module '{entry.module_id}' does not exist")
                continue
            for task_id in entry.required_tasks:
                if task_id not in module.task_ids(source):
                    problems.error(
                        programme.path,
                        line,
                        f"module '{module.id}' has no practical task '{task_id}'",
                    )


def _check_prerequisite_cycles(problems: Problems, curriculum: Curriculum) -> None:
    state: dict[str, int] = {}

    def visit(module_id: str, trail: list[str]) -> None:
        state[module_id] = 1
        module = curriculum.modules[module_id]
        for prerequisite in module.prerequisites:
            if prerequisite not in curriculum.modules:
                continue
            if state.get(prerequisite) == 1:
                cycle = " -> ".join([*trail, module_id, prerequisite])
                problems.error(
                    module.path / "module.yaml", 1, f"prerequisites go round in a circle: {cycle}"
                )
            elif prerequisite not in state:
                visit(prerequisite, [*trail, module_id])
        state[module_id] = 2

    for module_id in curriculum.modules:
        if module_id not in state:
            visit(module_id, [])


def _glossary(reader: _Reader, modules: dict[str, Module]) -> dict[str, dict[str, Term]]:
    """Terms by language; a translated term follows the state of the section defining it."""
    glossary: dict[str, dict[str, Term]] = {}
    for read in reader.terms:
        part = modules[read.module_id].languages.get(read.language)
        states = part.handbook.section_states if part and part.handbook else {}
        stale = states.get(read.section, SectionState.current) is not SectionState.current
        term = replace(read, stale=True) if stale else read
        terms = glossary.setdefault(term.language, {})
        if term.id in terms:
            first = terms[term.id]
            reader.problems.error(
                term.path,
                term.line,
                f"term '{term.id}' is defined twice (also {first.path.name}:{first.line})",
            )
            continue
        terms[term.id] = term
    return glossary


def load_curriculum(root: Path, labels: Labels | None = None) -> tuple[Curriculum | None, Problems]:
    """Read and check the curriculum in ``root``.

    Returns the curriculum (None when it could not be read at all) and every problem found.
    A curriculum with errors must not be shown to learners.
    """
    problems = Problems()
    root = root.resolve()
    if not root.is_dir():
        problems.error(root, 1, "the curriculum folder does not exist")
        return None, problems
    reader = _Reader(root, problems, labels or _identity_labels)
    if not reader.read_languages():
        return None, problems
    competencies = reader.read_competencies()
    modules: dict[str, Module] = {}
    modules_dir = root / "modules"
    if modules_dir.is_dir():
        for folder in sorted(
            p for p in modules_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
        ):
            module = reader.read_module(folder)
            if module is not None:
                modules[module.id] = module
    programmes: dict[str, Programme] = {}
    programmes_dir = root / "programmes"
    if programmes_dir.is_dir():
        for path in sorted(programmes_dir.glob("*.yaml")):
            programme = reader.read_programme(path)
            if programme is not None:
                programmes[programme.id] = programme
    if not programmes:
        problems.error(programmes_dir, 1, "no programme found: add programmes/<id>.yaml")
    curriculum = Curriculum(
        root=root,
        source_language=reader.source,
        languages=dict(reader.languages),
        competencies=competencies,
        programmes=programmes,
        modules=modules,
        glossary=_glossary(reader, modules),
    )
    _check_links_between(reader, curriculum)
    return curriculum, problems
