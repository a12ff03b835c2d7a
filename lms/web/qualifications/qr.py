"""QR codes for certificates, drawn as inline SVG by segno (pure Python, no image files)."""

import io

import segno
from markupsafe import Markup


def qr_svg(url: str) -> Markup:
    """An SVG QR code of ``url``, sized by CSS, with a title for screen readers."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, nl=False, scale=4, border=2, omitsize=True
    )
    return Markup(buffer.getvalue().decode())  # noqa: S704 - segno's own markup of our URL
