"""Seeds learners with open attempts for the quiz benchmark; prints them as JSON.

Run as its own process so that it uses the benchmark's database settings."""

import json
import sys

from lms.accounts import auth
from lms.accounts.service import SYSTEM, create_organisation, create_person
from lms.assessment import service as quiz
from lms.curriculum.store import build
from lms.db import transaction
from lms.db.migrate import upgrade
from lms.settings import get_settings
from lms.web.security import csrf_for
from tests.helpers import right_answers


def seed(count: int) -> list[dict]:
    upgrade()
    settings = get_settings()
    curriculum, _ = build(settings.curriculum_dir)
    module = curriculum.modules["defects"]
    rows = []
    with transaction(write=True) as session:
        org = create_organisation(
            session,
            slug="bench",
            name="Bench",
            kind="factory",
            country="FI",
            default_language="en",
            languages={"en"},
            actor=SYSTEM,
        )
        for n in range(count):
            person, _ = create_person(
                session,
                organisation_id=org.id,
                login=f"bench-{n}",
                display_name=f"L{n}",
                role="learner",
                preferred_language="en",
                languages={"en"},
                actor=SYSTEM,
            )
            token = auth.start_session(
                session, person=person, ip="", user_agent="", previous_token=None
            )
            attempt = quiz.start_attempt(
                session, person_id=person.id, curriculum=curriculum, module=module, language="en"
            )
            rows.append(
                {
                    "cookie": f"lms_session={token}",
                    "attempt": attempt.id,
                    "csrf": csrf_for(settings, session_id=auth.session_id_for(token)),
                    "fields": right_answers(curriculum, attempt),
                }
            )
    return rows


if __name__ == "__main__":
    print(json.dumps(seed(int(sys.argv[1]))))
