"""Structure that screen readers and keyboards rely on, on every reading page."""

import itertools
import re

import pytest
from fastapi.testclient import TestClient

from tests.web.test_reading import PAGES


@pytest.mark.parametrize("url", [u for u in PAGES if not u.endswith("/print")])
@pytest.mark.parametrize("language", ["en", "lt"])
def test_landmarks_heading_order_and_alt_text(client: TestClient, url: str, language: str) -> None:
    html = client.get(url.replace("/en/", f"/{language}/", 1)).text
    for landmark in ("<header", "<main", "<footer", "<nav"):
        assert landmark in html, landmark
    assert 'class="skip-link" href="#main"' in html
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels and levels[0] == 1, levels
    assert levels.count(1) == 1, "one h1 per page"
    for previous, current in itertools.pairwise(levels):
        assert current <= previous + 1, f"heading jumps from h{previous} to h{current}"
    for image in re.findall(r"<img [^>]*>", html):
        assert re.search(r'alt="[^"]+"', image), image
