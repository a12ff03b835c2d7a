"""The answer key never reaches the browser before submission.

The test changes every answer key of the module in memory (other options ticked, numbers
moved, true and false swapped, steps and pairs reordered, OK and NOK swapped) and renders
the same attempt with both keys: every page and response a learner can get during the
attempt must be byte for byte the same. Whatever the page shows, it cannot depend on the
key.
"""

import copy

from fastapi.testclient import TestClient

from lms.assessment import service as quiz
from lms.curriculum.model import ItemType, Verdict
from lms.db import transaction
from lms.settings import Settings
from lms.web.app import create_app
from tests.helpers import log_in_as


def _mutate_keys(curriculum) -> None:
    for part in curriculum.modules["defects"].languages.values():
        for item in part.items.items if part.items else []:
            if item.type in (ItemType.single, ItemType.multiple):
                flags = [o.correct for o in item.options]
                for option, flag in zip(item.options, flags[-1:] + flags[:-1], strict=True):
                    option.correct = flag
            elif item.type is ItemType.true_false:
                item.answer_bool = not item.answer_bool
            elif item.type is ItemType.numeric:
                item.answer_number = (item.answer_number or 0) + 7
            elif item.type is ItemType.ordering:
                item.steps.reverse()
            elif item.type is ItemType.matching:
                rights = [right for _left, right in item.pairs]
                item.pairs = [
                    (left, right)
                    for (left, _), right in zip(item.pairs, rights[1:] + rights[:1], strict=True)
                ]
            elif item.type is ItemType.inspection:
                for piece in item.parts:
                    flipped = Verdict.ok if piece.verdict is Verdict.nok else Verdict.nok
                    piece.verdict, piece.defect = (
                        flipped,
                        item.defects_offered[0] if flipped is Verdict.nok else None,
                    )


def test_pages_during_an_attempt_do_not_depend_on_the_key(demo) -> None:
    settings = Settings(access_log=False)
    original, changed = create_app(settings), create_app(settings)
    mutated = copy.deepcopy(changed.state.curriculum_store.get())
    _mutate_keys(mutated)
    assert (
        mutated.modules["defects"].languages["en"].items.items[0].answer_key()
        != original.state.curriculum_store.get()
        .modules["defects"]
        .languages["en"]
        .items.items[0]
        .answer_key()
    )
    changed.state.curriculum_store._curriculum = mutated
    changed.state.curriculum_store.reload = False
    original.state.curriculum_store.reload = False

    curriculum = original.state.curriculum_store.get()
    with transaction(write=True) as session:
        attempt = quiz.start_attempt(
            session,
            person_id=demo["lt-learner"],
            curriculum=curriculum,
            module=curriculum.modules["defects"],
            language="en",
        )
    with TestClient(original) as a, TestClient(changed) as b:
        token_a, token_b = log_in_as(a, "lt-learner"), None
        b.cookies.update(a.cookies)
        token_b = token_a
        urls = [f"/{lang}/attempts/{attempt.id}" for lang in ("en", "lt")]
        urls += [f"/en/attempts/{attempt.id}?q={q}" for q in range(22)]
        urls += ["/en/modules/defects/quiz", "/en/progress"]
        for url in urls:
            page_a, page_b = a.get(url), b.get(url)
            assert page_a.status_code == page_b.status_code == 200, url
            assert page_a.text == page_b.text, f"{url} differs with another answer key"
        saved_a = a.post(
            f"/en/attempts/{attempt.id}/save",
            data={"csrf_token": token_a, "a.x": "1"},
            headers={"X-Autosave": "1"},
        )
        saved_b = b.post(
            f"/en/attempts/{attempt.id}/save",
            data={"csrf_token": token_b, "a.x": "1"},
            headers={"X-Autosave": "1"},
        )
        assert saved_a.status_code == saved_b.status_code == 204
        assert saved_a.content == saved_b.content == b""
        # After submission the review shows the key: now, and only now, the pages differ.
        a.post(f"/en/attempts/{attempt.id}/submit", data={"csrf_token": token_a})
        assert a.get(urls[0]).text != b.get(urls[0]).text
