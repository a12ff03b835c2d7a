"""The audit log: append-only in the database, visible and exportable by administrators."""

import csv
import io

import pytest
from fastapi.testclient import TestClient

from lms.db import transaction
from tests.helpers import log_in_as


@pytest.mark.usefixtures("demo")
def test_the_audit_log_refuses_changes() -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    for statement in ("UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError, match="append-only"), transaction(write=True) as session:
            session.execute(text(statement))
    with transaction(write=False) as session:
        assert (
            session.execute(
                text("SELECT count(*) FROM audit_event WHERE action = 'forged'")
            ).scalar()
            == 0
        )


def test_admin_sees_and_exports_the_log_of_their_organisation_only(
    client: TestClient, demo
) -> None:
    school, factory = demo["nemunas-vocational-school"], demo["pohjola-plastics"]
    token = log_in_as(client, "lt-admin")
    client.post(
        f"/en/admin/orgs/{school}/people/{demo['lt-learner']}/active",
        data={"active": "0", "csrf_token": token},
    )
    page = client.get(f"/en/admin/orgs/{school}/audit")
    assert (
        page.status_code == 200 and "person_disabled" in page.text and "Tomas Vaitkus" in page.text
    )
    exported = client.get(f"/admin/orgs/{school}/audit.csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert exported.headers["content-type"].startswith("text/csv")
    disabled = [r for r in rows if r["action"] == "person_disabled"]
    assert len(disabled) == 1
    assert disabled[0]["actor"] == "Tomas Vaitkus" and disabled[0]["subject_id"] == str(
        demo["lt-learner"]
    )
    assert disabled[0]["at_utc"].endswith("+00:00")
    assert {r["organisation_id"] for r in rows} == {str(school)}
    assert client.get(f"/admin/orgs/{factory}/audit.csv").status_code == 404
