"""The certificate and its public verification page; the skills matrix and dashboard pages;
the number of SQL queries per page, which must not grow with the number of people."""

import re

from fastapi.testclient import TestClient
from sqlalchemy import event

from lms.accounts import repository as accounts
from lms.accounts.service import SYSTEM, create_person
from lms.db import get_engine, transaction
from lms.qualifications import repository
from tests.helpers import anonymous, log_in_as, xlsx_strings


def _certificate_url(client: TestClient, factory: int, login: str) -> str:
    with transaction(write=False) as session:
        person = accounts.get_person_by_login(session, login)
    page = client.get(f"/en/orgs/{factory}/people/{person.id}/qualifications").text
    return re.search(r"/en/certificates/\d+", page).group(0)


def test_a_certificate_verifies_logged_out_and_shows_only_its_fields(
    client: TestClient, demo
) -> None:
    factory = demo["pohjola-plastics"]
    log_in_as(client, "fi-supervisor")
    certificate = client.get(_certificate_url(client, factory, "fi-op-pekka")).text
    assert "Pekka Laine" in certificate and "<svg" in certificate  # the QR code
    verify_url = re.search(r'href="(http[^"]+/verify/[^"]+)"', certificate).group(1)
    path = verify_url.split("testserver", 1)[1]
    anonymous(client)
    page = client.get(path)
    assert page.status_code == 200
    facts = re.findall(r"<dt>([^<]+)</dt>", page.text)
    assert facts == ["Holder", "Qualification", "Valid from", "Valid until", "Status"]
    assert "Pekka Laine" in page.text and "valid" in page.text
    for private in ("fi-op-pekka", "Pohjola", "Line 3", "attempt", "evidence", "score"):
        assert private not in page.text
    missing = client.get("/en/verify/not-a-real-code")
    assert missing.status_code == 404 and "No certificate has this address" in missing.text


def test_an_expired_certificate_says_so(client: TestClient, demo) -> None:
    factory = demo["pohjola-plastics"]
    log_in_as(client, "fi-supervisor")
    certificate = client.get(_certificate_url(client, factory, "fi-op-matti")).text
    assert "expired: requalification needed" in certificate
    path = re.search(r'href="http[^"]+(/en/verify/[^"]+)"', certificate).group(1)
    anonymous(client)
    assert "expired: requalification needed" in client.get(path).text


def test_only_the_holder_and_the_organisations_supervisors_open_a_certificate(
    client: TestClient, demo
) -> None:
    factory = demo["pohjola-plastics"]
    log_in_as(client, "fi-supervisor")
    url = _certificate_url(client, factory, "fi-op-pekka")
    for login, status in (("fi-op-pekka", 200), ("fi-learner", 404), ("fi-teacher", 404)):
        log_in_as(client, login)
        assert client.get(url).status_code == status, login
    log_in_as(client, "lt-supervisor")
    assert client.get(url).status_code == 404


def test_the_dashboard_counts_operators_per_workstation(client: TestClient, demo) -> None:
    factory = demo["pohjola-plastics"]
    log_in_as(client, "fi-supervisor")
    page = client.get(f"/en/orgs/{factory}/qualifications").text
    row = page.split("Line 3 - automated inspection cell</a>")[1].split("</tr>")[0]
    numbers = re.findall(r'class="align-right" data-label="[^"]+">(\d+)</td>', row)
    # qualified, expiring, in training, expired, not enrolled, operators
    assert numbers == ["2", "1", "2", "1", "0", "6"]
    assert "<svg" in page and "Elina Järvinen" in page  # waiting for confirmation


def test_the_matrix_filters_by_workstation_and_exports(client: TestClient, demo) -> None:
    factory = demo["pohjola-plastics"]
    with transaction(write=False) as session:
        cell = next(w for w in repository.workstations_of(session, factory) if "robot" in w.name)
    log_in_as(client, "fi-supervisor")
    page = client.get(f"/en/orgs/{factory}/skills?workstation={cell.id}").text
    assert "3 people" in page and "Heikki Turunen" in page and "Pekka Laine" not in page
    csv_text = client.get(f"/orgs/{factory}/skills.csv?workstation={cell.id}").text
    assert len(csv_text.strip().splitlines()) == 4
    assert "Heikki Turunen" in xlsx_strings(client.get(f"/orgs/{factory}/skills.xlsx").content)
    log_in_as(client, "lt-supervisor")
    assert client.get(f"/en/orgs/{factory}/skills").status_code == 404


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args) -> None:
        self.count += 1


def _queries(client: TestClient, url: str) -> int:
    counter = QueryCounter()
    event.listen(get_engine(), "before_cursor_execute", counter)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(get_engine(), "before_cursor_execute", counter)
    return counter.count


def test_report_pages_run_the_same_number_of_queries_for_more_people(
    client: TestClient, demo
) -> None:
    factory = demo["pohjola-plastics"]
    log_in_as(client, "fi-supervisor")
    pages = [f"/en/orgs/{factory}/skills", f"/en/orgs/{factory}/qualifications"]
    before = [_queries(client, url) for url in pages]
    with transaction(write=True) as session:
        for n in range(40):
            create_person(
                session,
                organisation_id=factory,
                login=f"extra-{n}",
                display_name=f"Extra Operator {n}",
                role="learner",
                preferred_language="fi",
                languages={"en", "fi"},
                actor=SYSTEM,
            )
    assert [_queries(client, url) for url in pages] == before
