"""Rendering safety: whatever an author writes, the HTML carries no script and no unsafe link."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from lms.curriculum.loader import load_curriculum
from lms.curriculum.markdown import revision_of, slugify

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<svg/onload=alert(1)>",
    "<iframe src='https://evil.example'></iframe>",
    "<style>body{display:none}</style>",
    "<div style='position:fixed'>x</div>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript&colon;alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](java%0ascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](file:///etc/passwd)",
    "[click](//evil.example/x)",
    "[click](/\\evil.example)",
    '[click](https://ok.example "title\\" onmouseover=\\"alert(1)")',
    "<javascript:alert(1)>",
    "<mailto:someone@example.com>",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "![x](https://tracker.example/pixel.png)",
    '![x" onerror="alert(1)](../media/part.svg)',
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<!-- comment --><b onclick=alert(1)>x</b>",
    "``<script>`` and `<b>`",
    "::: tip <img src=x onerror=alert(1)>\nx\n:::",
    "::: term flash2 <b onmouseover=alert(1)>Flash</b>\nx\n:::",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    '## Heading {#x" onclick="alert(1)}',
]

#: Harmless input: Markdown shows it as literal text (or it is a safe link), so no error.
SHOWN_AS_TEXT = {
    "<svg/onload=alert(1)>",
    "<mailto:someone@example.com>",
    "``<script>`` and `<b>`",
    '[click](https://ok.example "title\\" onmouseover=\\"alert(1)")',
    '![x" onerror="alert(1)](../media/part.svg)',
    '## Heading {#x" onclick="alert(1)}',
}
FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "svg",
    "math",
    "form",
    "input",
    "base",
    "meta",
    "link",
}
SAFE_HREF_PREFIXES = ("/en/", "/lt/", "/media/", "#", "https://", "http://", "mailto:")


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.findings.append(f"tag <{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.findings.append(f"attribute {name}={value!r} on <{tag}>")
            if name == "href" and (
                not value.startswith(SAFE_HREF_PREFIXES) or value.startswith("//")
            ):
                self.findings.append(f"href {value!r}")
            if name == "src" and value and not value.startswith("/media/"):
                self.findings.append(f"src {value!r}")


def audit(html: str) -> list[str]:
    parser = _Audit()
    parser.feed(html)
    return parser.findings


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_rendered_html_is_safe_and_the_author_is_told(tiny: Path, payload: str) -> None:
    handbook = tiny / "modules/alpha/en/handbook.md"
    handbook.write_text(
        handbook.read_text(encoding="utf-8") + "\n\n" + payload + "\n", encoding="utf-8"
    )
    curriculum, problems = load_curriculum(tiny)
    assert curriculum is not None
    doc = curriculum.modules["alpha"].languages["en"].handbook
    assert audit(doc.html) == []
    assert audit(doc.teacher_html) == []
    if payload not in SHOWN_AS_TEXT:
        assert problems.errors, f"no error reported for {payload!r}"


def test_safe_markdown_renders_as_expected(tiny: Path) -> None:
    curriculum, problems = load_curriculum(tiny)
    assert not problems.errors
    html = curriculum.modules["alpha"].languages["en"].handbook.html
    assert '<h2 id="parts">Parts</h2>' in html
    assert '<a href="/en/glossary#term-flash" class="term-link">flash</a>' in html
    assert '<img src="/media/alpha/part.svg" alt="A round part" loading="lazy" />' in html
    assert '<div class="block block-term" id="term-flash">' in html
    assert 'class="block block-safety"' in html and "Hot parts." in html


def test_headings_get_stable_anchors_in_any_language() -> None:
    assert slugify("Liejinių defektai: įdubos") == "liejinių-defektai-įdubos"
    assert slugify("Cp & Cpk") == "cp-cpk"
    assert slugify("???") == "section"


def test_revision_ignores_line_endings_only() -> None:
    assert revision_of("a\r\nb\n") == revision_of("a\nb\n")
    assert revision_of("a\nb\n") != revision_of("a\nc\n")
    assert len(revision_of("x")) == 12
