"""Every route has exactly one access rule, and every route is tested against every kind of
visitor: anonymous, each role, an administrator of another organisation, a platform admin.

A new route fails ``test_every_route_has_one_rule_and_a_case`` until it gets a rule here.
"""

from dataclasses import dataclass, field

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from lms.accounts import repository
from lms.accounts.access import Rule
from lms.accounts.models import utcnow
from lms.accounts.service import SYSTEM, create_person
from lms.assessment.service import start_attempt
from lms.db import transaction
from lms.qualifications.models import Award, AwardStatus
from lms.qualifications.service import add_site, add_workstation
from lms.settings import get_settings
from lms.tasks.service import check_evidence, sign_off
from lms.web.security import access_rule_of
from tests.conftest import shipped
from tests.helpers import anonymous, log_in_as


@dataclass(frozen=True)
class Case:
    rule: Rule
    form: dict[str, str] = field(default_factory=dict)
    upload: bool = False
    #: statuses that count as "let through" besides 2xx/3xx (e.g. a 400 for the bad input
    #: the access test sends on purpose, so that nothing changes)
    also_ok: frozenset[int] = frozenset({400})
    #: Object-level rules on top of the route's rule: actor -> outcome for the object used.
    expect: dict[str, str] = field(default_factory=dict)


#: The attempt belongs to lt-learner; anyone else is told it does not exist.
OWNER_ONLY = {
    actor: "not_found"
    for actor in ("lt-teacher", "lt-supervisor", "lt-admin", "fi-admin", "platform-admin")
} | {"lt-learner": "allow"}
#: The evidence of a school learner (not one of the actors): the school's staff see it.
SCHOOL_STAFF = {
    "lt-learner": "not_found",
    "fi-admin": "not_found",
    "lt-teacher": "allow",
    "lt-supervisor": "allow",
    "lt-admin": "allow",
    "platform-admin": "allow",
}

#: An award of a school learner (not one of the actors): the holder, and the school's
#: supervisor and administrator see its certificate; a teacher does not.
AWARD_VIEWERS = {
    "lt-learner": "not_found",
    "lt-teacher": "not_found",
    "fi-admin": "not_found",
    "lt-supervisor": "allow",
    "lt-admin": "allow",
    "platform-admin": "allow",
}


CASES: dict[tuple[str, str], Case] = {
    ("GET", "/healthz"): Case(Rule.public),
    ("GET", "/"): Case(Rule.public),
    ("GET", "/{lang}/"): Case(Rule.public),
    ("GET", "/{lang}/programmes/{programme_id}"): Case(Rule.public),
    ("GET", "/{lang}/modules/{module_id}"): Case(Rule.public),
    ("GET", "/{lang}/modules/{module_id}/handbook"): Case(Rule.public),
    ("GET", "/{lang}/modules/{module_id}/handbook/print"): Case(Rule.public),
    ("GET", "/{lang}/modules/{module_id}/teacher"): Case(Rule.teacher_book),
    ("GET", "/{lang}/modules/{module_id}/teacher/print"): Case(Rule.teacher_book),
    ("GET", "/{lang}/translations"): Case(Rule.teacher_book),
    ("GET", "/{lang}/modules/{module_id}/tasks"): Case(Rule.public),
    ("GET", "/{lang}/modules/{module_id}/tasks/{task_id}"): Case(Rule.public),
    ("GET", "/{lang}/modules/{module_id}/tasks/{task_id}/print"): Case(Rule.public),
    ("GET", "/{lang}/glossary"): Case(Rule.public),
    ("GET", "/media/{module_id}/{file_path:path}"): Case(Rule.public),
    ("GET", "/{lang}/login"): Case(Rule.public),
    ("POST", "/{lang}/login"): Case(
        Rule.public, {"login": "nobody", "password": "x"}, also_ok=frozenset({401})
    ),
    ("POST", "/logout"): Case(Rule.public, {"lang": "en"}),
    ("GET", "/{lang}/home"): Case(Rule.signed_in),
    ("GET", "/{lang}/account"): Case(Rule.signed_in),
    ("POST", "/{lang}/account/language"): Case(Rule.signed_in, {"language": "en"}),
    ("POST", "/{lang}/account/password"): Case(
        Rule.signed_in, {"current": "x", "new": "y", "repeat": "z"}
    ),
    ("POST", "/account/export"): Case(Rule.signed_in),
    ("GET", "/{lang}/admin"): Case(Rule.any_admin),
    ("POST", "/{lang}/admin/organisations"): Case(Rule.platform_admin, {"slug": "not valid!"}),
    ("GET", "/{lang}/admin/audit"): Case(Rule.platform_admin),
    ("GET", "/admin/audit.csv"): Case(Rule.platform_admin),
    ("GET", "/{lang}/admin/orgs/{org_id}"): Case(Rule.org_admin),
    ("POST", "/{lang}/admin/orgs/{org_id}/people"): Case(Rule.org_admin, {"login": "not valid!"}),
    ("POST", "/{lang}/admin/orgs/{org_id}/groups"): Case(
        Rule.org_admin, {"name": "", "kind": "class"}
    ),
    ("GET", "/{lang}/admin/orgs/{org_id}/people/{person_id}"): Case(Rule.org_admin),
    ("POST", "/{lang}/admin/orgs/{org_id}/people/{person_id}/roles"): Case(
        Rule.org_admin, {"role": "pilot"}
    ),
    ("POST", "/{lang}/admin/orgs/{org_id}/people/{person_id}/active"): Case(
        Rule.org_admin, {"active": "1"}
    ),
    ("POST", "/{lang}/admin/orgs/{org_id}/people/{person_id}/groups"): Case(
        Rule.org_admin, {"group_id": "{group_id}", "action": "add"}
    ),
    ("POST", "/{lang}/admin/orgs/{org_id}/people/{person_id}/password"): Case(Rule.org_admin),
    ("POST", "/{lang}/admin/orgs/{org_id}/people/{person_id}/erase"): Case(
        Rule.org_admin, {"confirm": "no"}
    ),
    ("GET", "/{lang}/admin/orgs/{org_id}/import"): Case(Rule.org_admin),
    ("POST", "/{lang}/admin/orgs/{org_id}/import"): Case(Rule.org_admin, upload=True),
    ("GET", "/{lang}/admin/orgs/{org_id}/audit"): Case(Rule.org_admin),
    ("GET", "/admin/orgs/{org_id}/audit.csv"): Case(Rule.org_admin),
    ("GET", "/{lang}/modules/{module_id}/quiz"): Case(Rule.signed_in),
    ("POST", "/{lang}/modules/{module_id}/quiz/start"): Case(Rule.signed_in),
    ("GET", "/{lang}/attempts/{attempt_id}"): Case(Rule.signed_in, expect=OWNER_ONLY),
    ("POST", "/{lang}/attempts/{attempt_id}/save"): Case(Rule.signed_in, expect=OWNER_ONLY),
    ("POST", "/{lang}/attempts/{attempt_id}/submit"): Case(Rule.signed_in, expect=OWNER_ONLY),
    ("POST", "/{lang}/modules/{module_id}/tasks/{task_id}/ready"): Case(Rule.signed_in),
    ("GET", "/{lang}/assess"): Case(Rule.assessor),
    ("GET", "/{lang}/assess/{org_id}/people/{person_id}/modules/{module_id}/tasks/{task_id}"): Case(
        Rule.org_assessor
    ),
    (
        "POST",
        "/{lang}/assess/{org_id}/people/{person_id}/modules/{module_id}/tasks/{task_id}",
    ): Case(Rule.org_assessor, {"verdict": "maybe", "place": "workshop"}),
    ("GET", "/evidence/{sign_off_id}"): Case(Rule.signed_in, expect=SCHOOL_STAFF),
    ("GET", "/{lang}/progress"): Case(Rule.signed_in),
    ("POST", "/{lang}/modules/{module_id}/reading"): Case(
        Rule.signed_in, {"read": "why-defects-matter"}
    ),
    # qualifications: the school's supervisor and administrator
    ("GET", "/{lang}/orgs/{org_id}/qualifications"): Case(Rule.org_supervisor),
    ("GET", "/{lang}/orgs/{org_id}/workstations"): Case(Rule.org_supervisor),
    ("POST", "/{lang}/orgs/{org_id}/sites"): Case(Rule.org_supervisor, {"name": ""}),
    ("POST", "/{lang}/orgs/{org_id}/workstations"): Case(
        Rule.org_supervisor, {"site_id": "0", "name": "x"}
    ),
    ("GET", "/{lang}/orgs/{org_id}/workstations/{workstation_id}"): Case(Rule.org_supervisor),
    ("POST", "/{lang}/orgs/{org_id}/workstations/{workstation_id}/operators"): Case(
        Rule.org_supervisor, {"person_id": "{person_id}", "action": "add"}
    ),
    ("GET", "/{lang}/orgs/{org_id}/people/{person_id}/qualifications"): Case(Rule.org_supervisor),
    ("POST", "/{lang}/orgs/{org_id}/people/{person_id}/enrol"): Case(
        Rule.org_supervisor, {"programme_id": "no-such-programme"}
    ),
    ("POST", "/{lang}/orgs/{org_id}/awards/{award_id}/confirm"): Case(Rule.org_supervisor),
    ("POST", "/{lang}/orgs/{org_id}/awards/{award_id}/revoke"): Case(
        Rule.org_supervisor, {"reason": ""}
    ),
    ("GET", "/{lang}/orgs/{org_id}/skills"): Case(Rule.org_supervisor),
    ("GET", "/orgs/{org_id}/skills.{fmt}"): Case(Rule.org_supervisor),
    ("POST", "/{lang}/orgs/{org_id}/skills/override"): Case(
        Rule.org_supervisor,
        {"person_id": "{person_id}", "competency_id": "spc", "level": "U", "reason": ""},
    ),
    ("GET", "/{lang}/qualifications"): Case(Rule.signed_in),
    ("GET", "/{lang}/certificates/{award_id}"): Case(Rule.signed_in, expect=AWARD_VIEWERS),
    ("GET", "/{lang}/verify/{code}"): Case(Rule.public),
    # teaching: the school's teachers (their own groups) and administrator
    ("GET", "/{lang}/orgs/{org_id}/teach"): Case(Rule.org_assessor),
    ("GET", "/{lang}/orgs/{org_id}/assignments/new"): Case(Rule.org_assessor),
    ("POST", "/{lang}/orgs/{org_id}/assignments"): Case(
        Rule.org_assessor, {"target": "group:0", "what": "quiz:defects", "due": "someday"}
    ),
    ("GET", "/{lang}/orgs/{org_id}/groups/{group_id}/gradebook"): Case(Rule.org_assessor),
    ("GET", "/orgs/{org_id}/groups/{group_id}/gradebook.{fmt}"): Case(Rule.org_assessor),
}

#: anonymous, each role of the school, the factory's administrator, a platform admin
#: The smallest valid PNG: a 1x1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

ACTORS = [
    "anonymous",
    "lt-learner",
    "lt-teacher",
    "lt-supervisor",
    "lt-admin",
    "fi-admin",
    "platform-admin",
]


def expected(rule: Rule, actor: str) -> str:
    if rule is Rule.public:
        return "allow"
    if actor == "anonymous":
        return "login"
    if rule is Rule.signed_in or actor == "platform-admin":
        return "allow"
    if rule in (Rule.teacher_book, Rule.assessor):
        return "allow" if actor in ("lt-teacher", "lt-admin", "fi-admin") else "forbidden"
    if rule is Rule.org_assessor:  # the school's learners
        return {"lt-admin": "allow", "lt-teacher": "allow", "fi-admin": "not_found"}.get(
            actor, "forbidden"
        )
    if rule is Rule.any_admin:
        return "allow" if actor in ("lt-admin", "fi-admin") else "forbidden"
    if rule is Rule.org_supervisor:  # the school's qualification pages
        return {"lt-admin": "allow", "lt-supervisor": "allow", "fi-admin": "not_found"}.get(
            actor, "forbidden"
        )
    if rule is Rule.org_admin:  # the school's pages
        return {"lt-admin": "allow", "fi-admin": "not_found"}.get(actor, "forbidden")
    return "forbidden"


#: Routes that are not FastAPI routes (no dependencies): both public by nature.
OTHER_ROUTES = {"/api/openapi.json", "/static"}


def all_routes(routes) -> list:
    """Every route, including those of included routers (kept unexpanded by FastAPI)."""
    found = []
    for route in routes:
        original = getattr(route, "original_router", None)
        found.extend(all_routes(original.routes) if original is not None else [route])
    return found


def test_every_route_has_one_rule_and_a_case(app) -> None:
    seen = set()
    routes = all_routes(app.routes)
    others = {route.path for route in routes if not isinstance(route, APIRoute)}
    assert others == OTHER_ROUTES, "a route that is not an APIRoute escapes the access rules"
    for route in (r for r in routes if isinstance(r, APIRoute)):
        rules = [access_rule_of(dep.dependency) for dep in route.dependencies]
        rules = [rule for rule in rules if rule is not None]
        assert len(rules) == 1, f"{route.path} must declare exactly one Access(Rule...)"
        for method in route.methods - {"HEAD"}:
            key = (method, route.path)
            assert key in CASES, f"{key} has no access test case"
            assert CASES[key].rule is rules[0], (
                f"{key}: route says {rules[0]}, test says {CASES[key].rule}"
            )
            seen.add(key)
    assert seen == set(CASES), f"cases for routes that no longer exist: {set(CASES) - seen}"


@pytest.fixture
def world(demo) -> dict[str, str]:
    """Concrete values for every path parameter: the school's pages and a person there."""
    school = demo["nemunas-vocational-school"]
    with transaction(write=True) as session:
        target, _ = create_person(
            session,
            organisation_id=school,
            login="target",
            display_name="Target Person",
            role="learner",
            preferred_language="lt",
            languages={"en", "lt"},
            actor=SYSTEM,
        )
        group = repository.groups_of_organisation(session, school)[0][0]
    curriculum, _problems = shipped()
    module = curriculum.modules["defects"]
    with transaction(write=True) as session:
        learner = repository.get_person_by_login(session, "lt-learner")
        attempt = start_attempt(
            session, person_id=learner.id, curriculum=curriculum, module=module, language="en"
        )
        row = sign_off(
            session,
            learner_id=target.id,
            assessor_id=demo["lt-teacher"],
            organisation_id=school,
            module=module,
            task=module.languages["en"].tasks["visual-check"],
            verdict="needs_another_try",
            criteria_met=[],
            comment="",
            place="workshop",
            line_machine="",
            evidence=check_evidence(PNG),
            evidence_dir=get_settings().evidence_dir,
            ip="",
        )
    with transaction(write=True) as session:
        site = add_site(session, organisation_id=school, name="Workshop", actor=SYSTEM)
        workstation = add_workstation(
            session,
            curriculum=curriculum,
            organisation_id=school,
            site_id=site.id,
            name="Cell 1",
            programme_ids=["requalification"],
            actor=SYSTEM,
        )
        award = Award(
            organisation_id=school,
            person_id=target.id,
            programme_id="operator",
            status=AwardStatus.awarded,
            code="world-award-code-0001",
            awarded_at=utcnow(),
        )
        session.add(award)
        session.flush()
    return {
        "workstation_id": str(workstation.id),
        "award_id": str(award.id),
        "code": award.code,
        "fmt": "xlsx",
        "lang": "en",
        "programme_id": "operator",
        "module_id": "defects",
        "task_id": "visual-check",
        "file_path:path": "cap-01.svg",
        "org_id": str(school),
        "person_id": str(target.id),
        "group_id": str(group.id),
        "attempt_id": str(attempt.id),
        "sign_off_id": str(row.id),
    }


def _fill(template: str, world: dict[str, str]) -> str:
    for name, value in world.items():
        template = template.replace("{" + name + "}", value)
    return template


@pytest.mark.parametrize("actor", ACTORS)
def test_access_rules_hold_for_every_route(
    closed_client: TestClient, world: dict[str, str], actor: str
) -> None:
    client = closed_client
    failures = []
    for (method, template), case in CASES.items():
        token = anonymous(client) if actor == "anonymous" else log_in_as(client, actor)
        url = _fill(template, world)
        data = {k: _fill(v, world) for k, v in case.form.items()}
        if method == "GET":
            response = client.get(url, follow_redirects=False)
        else:
            files = {"file": ("people.csv", b"not,a,valid\n", "text/csv")} if case.upload else None
            response = client.post(
                url, data={**data, "csrf_token": token}, files=files, follow_redirects=False
            )
        want = expected(case.rule, actor)
        if want == "allow" and actor in case.expect:
            want = case.expect[actor]
        status = response.status_code
        location = response.headers.get("location", "")
        to_login = status == 303 and (
            location.startswith("/en/login?next=") or location == "/en/login"
        )
        got = (
            "login"
            if to_login or (status == 401 and want == "login")
            else "forbidden"
            if status == 403
            else "not_found"
            if status == 404
            else "allow"
            if status < 400 or status in case.also_ok
            else f"status {status}"
        )
        if got != want:
            failures.append(
                f"{method} {url} as {actor}: expected {want}, got {got} ({status} {location})"
            )
    assert failures == []


def test_other_routes_are_public(closed_client: TestClient) -> None:
    anonymous(closed_client)
    assert closed_client.get("/api/openapi.json").status_code == 200
    assert closed_client.get("/static/css/app.css").status_code == 200


def test_denials_are_in_the_audit_log(client: TestClient, world: dict[str, str]) -> None:
    log_in_as(client, "fi-admin")
    assert client.get(f"/en/admin/orgs/{world['org_id']}").status_code == 404
    log_in_as(client, "lt-learner")
    assert client.get(f"/en/admin/orgs/{world['org_id']}").status_code == 403
    with transaction(write=False) as session:
        from lms.audit.repository import list_events

        denials = list_events(session, organisation_id=None, action="access_denied")
    outcomes = sorted(
        {
            (e.actor_id is not None, '"not_found"' in e.details or '"forbidden"' in e.details)
            for e in denials
        }
    )
    assert len(denials) >= 2 and outcomes == [(True, True)]


def test_objects_of_another_organisation_are_not_found(client: TestClient, demo) -> None:
    school, factory = demo["nemunas-vocational-school"], demo["pohjola-plastics"]
    token = log_in_as(client, "lt-admin")
    factory_person = demo["fi-learner"]
    # the school's admin, on the school's own address, asking for a factory person
    assert client.get(f"/en/admin/orgs/{school}/people/{factory_person}").status_code == 404
    response = client.post(
        f"/en/admin/orgs/{school}/people/{factory_person}/active",
        data={"active": "0", "csrf_token": token},
    )
    assert response.status_code == 404
    with transaction(write=False) as session:
        assert repository.get_person(session, factory_person).is_active
    # a group of the factory cannot be used from the school's address either
    with transaction(write=False) as session:
        factory_group = repository.groups_of_organisation(session, factory)[0][0]
    response = client.post(
        f"/en/admin/orgs/{school}/people/{demo['lt-learner']}/groups",
        data={"group_id": str(factory_group.id), "action": "add", "csrf_token": token},
    )
    assert response.status_code == 404


def test_platform_admin_reaches_an_organisation_they_do_not_belong_to(
    client: TestClient, demo
) -> None:
    log_in_as(client, "platform-admin")
    assert client.get(f"/en/admin/orgs/{demo['pohjola-plastics']}").status_code == 200
    assert client.get("/en/admin/orgs/999999").status_code == 404
