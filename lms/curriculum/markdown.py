"""Markdown for curriculum pages: parsing, checks and safe rendering.

One markdown-it parser does both the checks and the rendering, so what the check accepts
is exactly what is shown. Raw HTML is parsed only to be reported and escaped, links are
allowed by scheme (never ``javascript:``/``data:``), pictures must be files of the module,
and ``:::`` blocks are one generic container whose kind is checked here, so a misspelt
kind is an error instead of text that silently disappears.
"""

import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from lms.curriculum.model import Heading, Term
from lms.curriculum.problems import Problems

BLOCK_KINDS = ("safety", "tip", "teacher", "example", "term")


def N_(message: str) -> str:
    """Marks a string for the message catalog; it is translated where it is shown."""
    return message


#: Block titles, in the language of the content they appear in.
BLOCK_TITLES = {
    "safety": N_("Safety"),
    "tip": N_("Tip"),
    "teacher": N_("Teacher's note"),
    "example": N_("Worked example"),
}
#: The notice over a section shown in the source language instead of its translation.
FALLBACK_NOTICES = {
    "stale": N_(
        "The translation of this section is out of date, so it is shown in the original language."
    ),
    "missing": N_("This section is not translated yet, so it is shown in the original language."),
}
IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".webp"}
SAFE_SCHEMES = {"http", "https", "mailto"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADING_ID_RE = re.compile(r"\s*\{#([^}\s]*)\}\s*$")
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_TAG_RE = re.compile(r"<[a-zA-Z/!?]")
_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def revision_of(text: str) -> str:
    """A short content hash: what a translation records as the source it was made from."""
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()[:12]


def slugify(text: str) -> str:
    """A readable anchor from heading text in any language (letters are kept, not dropped)."""
    text = unicodedata.normalize("NFKC", text).lower()
    slug = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    return slug or "section"


@dataclass(frozen=True)
class UrlScheme:
    """Where rendered links point. The web layer's routes follow the same shapes."""

    glossary: str = "/{lang}/glossary#term-{id}"
    module: str = "/{lang}/modules/{id}"
    media: str = "/media/{module}/{file}"


@dataclass
class RenderContext:
    """What the checks and renderer need to know about the file being read."""

    path: Path
    module_id: str
    module_dir: Path
    language: str
    problems: Problems
    labels: Callable[[str], str]
    body_offset: int = 0
    urls: UrlScheme = field(default_factory=UrlScheme)
    #: (term id, line) of every glossary link, checked once all terms are known.
    glossary_refs: list[tuple[str, int]] = field(default_factory=list)
    #: (module id, line) of every module link.
    module_refs: list[tuple[str, int]] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    local_links: list[tuple[str, int]] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    title: str | None = None
    terms: list[Term] = field(default_factory=list)

    def line_of(self, token: Token | None) -> int:
        if token is not None and token.map:
            return token.map[0] + 1 + self.body_offset
        return 1 + self.body_offset


def _ctx(env: Any) -> RenderContext:
    return env["ctx"]


# --- checks and rewrites, run once after parsing -----------------------------------------


def _check_link(token: Token, line: int, ctx: RenderContext) -> None:
    href = token.attrGet("href") or ""
    # Judge the link as a browser would read it: decoded, without invisible characters.
    cleaned = _INVISIBLE_RE.sub("", unquote(str(href))).lower()
    if cleaned.startswith("#"):
        ctx.local_links.append((str(href)[1:], line))
        return
    match = _SCHEME_RE.match(cleaned)
    scheme = match.group(1) if match else None
    target = str(href)[len(scheme) + 1 :] if scheme else ""
    if scheme == "glossary" and ID_RE.match(target):
        ctx.glossary_refs.append((target, line))
        token.attrSet("href", ctx.urls.glossary.format(lang=ctx.language, id=target))
        token.attrSet("class", "term-link")
        return
    if scheme == "module":
        module_id, _, anchor = target.partition("#")
        if ID_RE.match(module_id):
            ctx.module_refs.append((module_id, line))
            url = ctx.urls.module.format(lang=ctx.language, id=module_id)
            token.attrSet("href", f"{url}#{anchor}" if anchor else url)
            return
    if scheme in SAFE_SCHEMES:
        token.attrSet("rel", "noopener noreferrer")
        token.attrSet("class", "external")
        return
    if scheme is None and cleaned and not cleaned.startswith(("/", "\\")):
        media_url = _media_url(str(href), ctx, line, what="link")
        if media_url:
            token.attrSet("href", media_url)
            return
        _neutralise(token)
        return
    ctx.problems.error(
        ctx.path,
        line,
        f"unsafe or unknown link '{href}': use https://..., #section, glossary:term-id, "
        "module:module-id or a file in the module's media folder",
    )
    _neutralise(token)


def _neutralise(token: Token) -> None:
    token.tag = "span"
    token.attrs = {}


def _media_url(src: str, ctx: RenderContext, line: int, *, what: str) -> str | None:
    """The served URL of a file in the module's media folder, or None (problem recorded)."""
    media_dir = (ctx.module_dir / "media").resolve()
    target = (ctx.path.parent / src.split("#")[0].split("?")[0]).resolve()
    if not target.is_relative_to(media_dir):
        ctx.problems.error(
            ctx.path, line, f"the {what} '{src}' must point to a file in the module's media folder"
        )
        return None
    if not target.is_file():
        ctx.problems.error(ctx.path, line, f"the {what} '{src}' points to a missing file")
        return None
    relative = target.relative_to(media_dir).as_posix()
    # A figure whose labels are translated lives in media/<language>/ under the same name.
    if (media_dir / ctx.language / relative).is_file():
        relative = f"{ctx.language}/{relative}"
    return ctx.urls.media.format(module=ctx.module_id, file=relative)


def _check_image(token: Token, line: int, ctx: RenderContext) -> None:
    src = str(token.attrGet("src") or "")
    alt = "".join(child.content for child in token.children or []).strip()
    if not alt:
        ctx.problems.error(
            ctx.path, line, f"the picture '{src}' needs alt text: ![what it shows]({src})"
        )
    cleaned = _INVISIBLE_RE.sub("", unquote(src)).lower()
    if _SCHEME_RE.match(cleaned) or cleaned.startswith(("/", "\\")):
        ctx.problems.error(
            ctx.path, line, f"the picture '{src}' must be a file in the module's media folder"
        )
        token.attrSet("src", "")
        return
    if Path(cleaned).suffix not in IMAGE_SUFFIXES:
        ctx.problems.error(ctx.path, line, f"the picture '{src}' must be SVG, PNG, JPEG or WebP")
    url = _media_url(src, ctx, line, what="picture")
    token.attrSet("src", url or "")
    token.attrSet("loading", "lazy")


def _heading_anchor(inline: Token, ctx: RenderContext, line: int) -> str:
    content = inline.content
    match = _HEADING_ID_RE.search(content)
    if match:
        anchor = match.group(1)
        if not ID_RE.match(anchor):
            ctx.problems.error(
                ctx.path, line, f"heading id '{{#{anchor}}}' may only use a-z, 0-9 and hyphens"
            )
        inline.content = content[: match.start()]
        last = inline.children[-1] if inline.children else None
        if last is not None and last.type == "text":
            last.content = _HEADING_ID_RE.sub("", last.content)
    else:
        anchor = slugify(content)
    return anchor


def _check_headings(tokens: list[Token], ctx: RenderContext) -> None:
    previous_level = 0
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        line = ctx.line_of(token)
        inline = tokens[index + 1]
        level = int(token.tag[1])
        explicit = _HEADING_ID_RE.search(inline.content or "") is not None
        base = _heading_anchor(inline, ctx, line)
        if explicit and base in ctx.anchors:
            ctx.problems.error(ctx.path, line, f"the heading id '{{#{base}}}' is used twice")
        anchor, counter = base, 2
        while anchor in ctx.anchors:
            anchor, counter = f"{base}-{counter}", counter + 1
        ctx.anchors.add(anchor)
        token.attrSet("id", anchor)
        text = "".join(
            c.content for c in inline.children or [] if c.type in ("text", "code_inline")
        )
        if level == 1:
            if ctx.title is None:
                ctx.title = text.strip()
            else:
                ctx.problems.warning(ctx.path, line, "a page has one # title; use ## here")
        elif previous_level and level > previous_level + 1:
            ctx.problems.warning(
                ctx.path,
                line,
                f"heading level jumps from {previous_level} to {level}; "
                f"use {'#' * (previous_level + 1)}",
            )
        if level in (2, 3):
            ctx.headings.append(Heading(level=level, anchor=anchor, text=text.strip()))
        previous_level = level


def _block_kind(token: Token) -> tuple[str, str]:
    kind, _, rest = token.info.strip().partition(" ")
    return kind, rest.strip()


def _check_blocks(tokens: list[Token], ctx: RenderContext) -> None:
    open_blocks: list[Token] = []
    for token in tokens:
        if token.type == "container_block_close" and open_blocks:
            token.meta = open_blocks.pop().meta
            continue
        if token.type != "container_block_open":
            continue
        open_blocks.append(token)
        line = ctx.line_of(token)
        kind, rest = _block_kind(token)
        token.meta = {"kind": kind, "title": rest}
        if _TAG_RE.search(rest):
            ctx.problems.error(ctx.path, line, "HTML is not allowed in a block title")
        if kind not in BLOCK_KINDS:
            ctx.problems.error(
                ctx.path,
                line,
                f"unknown block '::: {kind}': use one of " + ", ".join(BLOCK_KINDS),
            )
        elif kind == "term":
            term_id, _, term_text = rest.partition(" ")
            if not ID_RE.match(term_id) or not term_text.strip():
                ctx.problems.error(
                    ctx.path,
                    line,
                    "a term block needs the term's id and then the term: "
                    "'::: term short-shot Short shot'",
                )
            token.meta.update(term_id=term_id, title=term_text.strip())


def _check_tables(tokens: list[Token]) -> None:
    # Column alignment becomes a class: the Content-Security-Policy forbids style attributes.
    for token in tokens:
        if token.type in ("th_open", "td_open"):
            style = str(token.attrGet("style") or "")
            if style.startswith("text-align:"):
                token.attrs.pop("style", None)
                token.attrSet("class", "align-" + style.split(":", 1)[1])


def _check_rule(state: Any) -> None:
    ctx = _ctx(state.env)
    tokens: list[Token] = state.tokens
    _check_headings(tokens, ctx)
    _check_blocks(tokens, ctx)
    _check_tables(tokens)
    for token in tokens:
        line = ctx.line_of(token)
        if token.type == "html_block":
            ctx.problems.error(ctx.path, line, "HTML is not allowed here: write Markdown instead")
        if token.type != "inline":
            continue
        open_links: list[Token] = []
        for child in token.children or []:
            if child.type == "link_open":
                _check_link(child, line, ctx)
                open_links.append(child)
            elif child.type == "link_close" and open_links:
                child.tag = open_links.pop().tag
            elif child.type == "image":
                _check_image(child, line, ctx)
            elif child.type == "html_inline":
                ctx.problems.error(ctx.path, line, f"HTML is not allowed here: '{child.content}'")


# --- rendering ---------------------------------------------------------------------------


def _render_block(self: Any, tokens: Sequence[Token], idx: int, _options: Any, env: Any) -> str:
    token = tokens[idx]
    if token.nesting == -1:
        return "</div></aside>\n" if token.meta.get("kind") != "term" else "</div></div>\n"
    ctx = _ctx(env)
    kind = token.meta.get("kind", "")
    title = token.meta.get("title", "")
    default_titles = {name: ctx.labels(title) for name, title in BLOCK_TITLES.items()}
    if kind == "term":
        term_id = escape(token.meta.get("term_id", ""))
        return (
            f'<div class="block block-term" id="term-{term_id}">'
            f'<p class="block-title"><dfn>{escape(title)}</dfn></p><div class="block-body">\n'
        )
    shown = escape(title or default_titles.get(kind, ""))
    label = escape(default_titles.get(kind, ""))
    prefix = f'<span class="block-label">{label}: </span>' if title and label else ""
    return (
        f'<aside class="block block-{escape(kind)}" aria-label="{label or shown}">'
        f'<p class="block-title">{prefix}{shown}</p><div class="block-body">\n'
    )


def _render_html(self: Any, tokens: Sequence[Token], idx: int, _options: Any, _env: Any) -> str:
    token = tokens[idx]
    text = escape(token.content)
    return f"<pre>{text}</pre>\n" if token.type == "html_block" else text


def _render_table_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return '<div class="table-wrap">' + self.renderToken(tokens, idx, options, env)


def _render_table_close(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>\n"


def fallback_tokens(state: str, language: str) -> tuple[Token, Token]:
    """Tokens that wrap a source section shown in place of its translation, with a notice."""
    opening = Token("fallback_open", "section", 1, meta={"state": state, "lang": language})
    return opening, Token("fallback_close", "section", -1)


def _render_fallback(self: Any, tokens: Sequence[Token], idx: int, _options: Any, env: Any) -> str:
    token = tokens[idx]
    if token.nesting == -1:
        return "</section>\n"
    state = token.meta["state"]
    notice = escape(_ctx(env).labels(FALLBACK_NOTICES[state]))
    return (
        f'<section class="fallback" lang="{escape(token.meta["lang"])}">'
        f'<p class="notice notice-{escape(state)}" role="note">{notice}</p>\n'
    )


def _always_valid(_url: str) -> bool:
    # Every link is checked (and unsafe ones neutralised) by _check_link, which can report
    # the file and line; markdown-it's own filter would silently turn them into text.
    return True


def build_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = _always_valid  # type: ignore[method-assign]
    container_plugin(md, "block", validate=lambda *_args: True, render=_render_block)
    md.add_render_rule("html_block", _render_html)
    md.add_render_rule("html_inline", _render_html)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    md.add_render_rule("fallback_open", _render_fallback)
    md.add_render_rule("fallback_close", _render_fallback)
    md.core.ruler.push("lms_checks", _check_rule)
    return md


_MD = build_markdown()


def parse(body: str, ctx: RenderContext) -> list[Token]:
    """Parse and check ``body``; problems go to ``ctx.problems``."""
    tokens = _MD.parse(body, {"ctx": ctx})
    _collect_terms(tokens, ctx)
    return tokens


def without_teacher_blocks(tokens: list[Token]) -> list[Token]:
    """The learner's view: teacher-only blocks are removed before rendering, not hidden."""
    shown: list[Token] = []
    depth = 0
    for token in tokens:
        is_teacher = (
            token.type.startswith("container_block") and (token.meta or {}).get("kind") == "teacher"
        )
        if token.type == "container_block_open" and (depth or is_teacher):
            depth += 1
            continue
        if token.type == "container_block_close" and depth:
            depth -= 1
            continue
        if not depth:
            shown.append(token)
    return shown


def render(tokens: list[Token], ctx: RenderContext) -> str:
    return _MD.renderer.render(tokens, _MD.options, {"ctx": ctx})


def render_inline_children(token: Token, ctx: RenderContext) -> str:
    """Render an inline token's children (list item text, table cell) as HTML."""
    return _MD.renderer.render(token.children or [], _MD.options, {"ctx": ctx})


def _collect_terms(tokens: list[Token], ctx: RenderContext) -> None:
    for index, token in enumerate(tokens):
        if token.type != "container_block_open" or token.meta.get("kind") != "term":
            continue
        depth, end = 0, index
        for end in range(index, len(tokens)):
            if tokens[end].type == "container_block_open":
                depth += 1
            elif tokens[end].type == "container_block_close":
                depth -= 1
                if depth == 0:
                    break
        term_id = token.meta.get("term_id", "")
        if not ID_RE.match(term_id):
            continue
        ctx.terms.append(
            Term(
                id=term_id,
                text=token.meta.get("title", ""),
                html=render(tokens[index + 1 : end], ctx),
                module_id=ctx.module_id,
                language=ctx.language,
                path=ctx.path,
                line=ctx.line_of(token),
            )
        )


def check_local_links(ctx: RenderContext) -> None:
    """After a page is read: every ``#anchor`` link must name a heading or term on it."""
    term_anchors = {f"term-{term.id}" for term in ctx.terms}
    for anchor, line in ctx.local_links:
        if anchor and anchor not in ctx.anchors and anchor not in term_anchors:
            ctx.problems.error(
                ctx.path, line, f"the link '#{anchor}' names no section of this page"
            )
