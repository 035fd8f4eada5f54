"""Imports and bulk enrolments as background jobs: their life, their pages, the API, who may read
them, and a second sending of the same file."""

import re
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ortaq.accounts.models import User
from ortaq.accounts.services import api_token_create
from ortaq.core import jobs
from ortaq.core.jobs import Outcome, job_run, job_start
from ortaq.core.models import AuditAction, AuditEvent, Job, JobKind, JobState
from ortaq.courses.models import Enrollment
from ortaq.schools.models import School
from ortaq.testing.factories import make_course

pytestmark = pytest.mark.django_db

HEADER = "region,district,name_kk,name_ru,bin,locality,small_scale,pupils,languages,multigrade\n"
GOOD = (HEADER + "KZ-19,Талғар ауданы,Жаңа мектеп,Новая школа,,rural,yes,40,kk,yes\n").encode()
# Line 2 is right, line 3 has an unknown locality: nothing of the file may be written.
BAD = (
    HEADER
    + "KZ-19,Талғар ауданы,Бірінші мектеп,,,rural,no,,kk,no\n"
    + "KZ-19,Талғар ауданы,Екінші мектеп,,,city,no,,kk,no\n"
).encode()


def upload(data: bytes, name: str = "schools.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "text/csv")


def post_import(client: Client, data: bytes) -> Any:
    return client.post("/en/schools/import/", {"file": upload(data)})


def test_a_job_waits_then_runs_then_succeeds_and_its_file_is_gone(
    people: dict[str, Any],
) -> None:
    coordinator = people["coordinator"]
    job = job_start(
        actor=coordinator, kind=JobKind.SCHOOLS_IMPORT, data=GOOD, file_name="schools.csv"
    )
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.percent == 0
    stored = job.file.name or ""
    assert stored.startswith("jobs/") and default_storage.exists(stored)

    seen: list[tuple[str, str, int]] = []
    registered = jobs.RUNNERS[JobKind.SCHOOLS_IMPORT]

    def watching(found: Job, data: Any, progress: Any) -> Outcome:
        # While the runner works, the job is running and its page says so.
        fresh = Job.objects.get(pk=found.pk)
        seen.append((fresh.state, found.started_by.email, fresh.total))
        return registered.run(found, data, progress)

    jobs.RUNNERS[JobKind.SCHOOLS_IMPORT] = jobs.Registered(run=watching, back=registered.back)
    try:
        assert job_run(job_id=job.pk) == JobState.SUCCEEDED
    finally:
        jobs.RUNNERS[JobKind.SCHOOLS_IMPORT] = registered
    # Two lines in the file: the header and one row.
    assert seen == [(JobState.RUNNING, coordinator.email, 1)]
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.percent == 100
    assert job.summary == {"created": 1, "updated": 0, "unchanged": 0}
    assert job.started_at is not None and job.finished_at is not None
    assert School.objects.filter(name_kk="Жаңа мектеп").count() == 1
    assert not job.file and not default_storage.exists(stored)
    # The import's audit event names the person who started the job, as it did before.
    event = AuditEvent.objects.get(action=AuditAction.SCHOOLS_IMPORT)
    assert event.actor == coordinator and event.details["created"] == 1
    # A job already done is not run twice.
    assert job_run(job_id=job.pk) == JobState.SUCCEEDED
    assert School.objects.filter(name_kk="Жаңа мектеп").count() == 1


def test_a_file_with_a_bad_row_fails_with_its_lines_and_writes_nothing(
    client: Client, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(people["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_import(client, BAD)
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == f"/en/jobs/{job.pk}/"
    assert job.state == JobState.FAILED
    assert job.message == "Nothing was imported: the file has 1 problem."
    assert job.error_count == 1
    assert [(e["line"], e["column"]) for e in job.errors] == [(3, "locality")]
    assert not School.objects.filter(name_kk__in=["Бірінші мектеп", "Екінші мектеп"]).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.SCHOOLS_IMPORT).exists()
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "<td>3</td><td>locality</td><td>Write urban or rural.</td>" in html
    assert 'http-equiv="refresh"' not in html


def test_errors_past_the_first_thousand_are_counted_not_kept(people: dict[str, Any]) -> None:
    rows = "".join(f"KZ-19,Талғар ауданы,Мектеп {n},,,city,no,,kk,no\n" for n in range(1200))
    job = job_start(
        actor=people["admin"], kind=JobKind.SCHOOLS_IMPORT, data=(HEADER + rows).encode()
    )
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert (job.error_count, len(job.errors)) == (1200, 1000)
    assert job.errors[0]["line"] == 2 and job.errors[-1]["line"] == 1001
    assert not School.objects.filter(name_kk__startswith="Мектеп ").exists()


def test_the_page_shows_progress_without_script_while_the_job_runs(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["coordinator"])
    # Without the commit, the job stays queued: the page answers at once with its address.
    response = post_import(client, GOOD)
    assert response.status_code == 302
    job = Job.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "Waiting to start" in html and 'value="0"' in html
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, phase="writing", done=250, total=1000
    )
    html = client.get(response["Location"]).content.decode()
    assert "Saving: 250 of 1000." in html
    assert re.search(r'<progress id="job-progress" max="100" value="25">25%</progress>', html)
    assert '<label for="job-progress">Progress</label>' in html
    assert '<a href="?refresh=off">Stop reloading this page</a>' in html
    # She may stop the reloading (a screen reader starts the page again at each one).
    still = client.get(response["Location"], {"refresh": "off"}).content.decode()
    assert 'http-equiv="refresh"' not in still and "Saving: 250 of 1000." in still
    assert '<a href="?refresh=off">Show the latest state</a>' in still
    job_run(job_id=job.pk)  # the worker would have taken it: it is running, so it is left alone
    job.refresh_from_db()
    assert job.state == JobState.RUNNING
    # Her jobs: the import, with its state.
    listing = client.get("/en/jobs/").content.decode()
    assert f'href="/en/jobs/{job.pk}/"' in listing and "In progress" in listing


def test_the_same_file_sent_again_while_its_job_runs_is_the_same_job(
    client: Client, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(people["coordinator"])
    first = post_import(client, GOOD)
    again = post_import(client, GOOD)
    assert first["Location"] == again["Location"]
    assert Job.objects.count() == 1
    # Another file, or another person, is another job.
    other = post_import(client, GOOD.replace(b"40", b"41"))
    assert other["Location"] != first["Location"]
    client.force_login(people["admin"])
    assert post_import(client, GOOD)["Location"] != first["Location"]
    assert Job.objects.count() == 3
    # Once the job has finished, sending the file again starts a new one (which changes nothing).
    job_run(job_id=int(first["Location"].split("/")[-2]))
    client.force_login(people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        later = post_import(client, GOOD)
    assert later["Location"] != first["Location"]
    latest = Job.objects.get(pk=int(later["Location"].split("/")[-2]))
    assert latest.summary == {"created": 0, "updated": 0, "unchanged": 1}


def test_only_she_and_administrators_read_her_job(client: Client, people: dict[str, Any]) -> None:
    job = job_start(actor=people["coordinator"], kind=JobKind.SCHOOLS_IMPORT, data=GOOD)
    page, api = f"/en/jobs/{job.pk}/", f"/api/v1/jobs/{job.pk}"
    for name, status in [
        ("coordinator", 200),
        ("admin", 200),
        ("teacher", 404),
        ("other_coordinator", 404),
    ]:
        client.force_login(people[name])
        assert client.get(page).status_code == status, name
        assert client.get(api).status_code == status, name
        assert Job.objects.visible_to(people[name]).filter(pk=job.pk).exists() == (status == 200)
        assert people[name].has_perm("core.view_job", job) == (status == 200)
        mine = client.get("/api/v1/jobs").json()["items"]
        assert [j["id"] for j in mine] == ([job.pk] if name == "coordinator" else [])
    client.logout()
    assert client.get(page).status_code == 302
    assert client.get(api).status_code == 401
    # A teacher may not start an import at all.
    client.force_login(people["teacher"])
    assert post_import(client, GOOD).status_code == 403
    assert Job.objects.count() == 1


def test_the_api_accepts_an_import_with_202_and_the_job_is_polled(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    _token, raw = api_token_create(actor=people["coordinator"], name="script")
    client = Client(headers={"authorization": f"Bearer {raw}", "accept-language": "en"})
    response = client.post("/api/v1/imports/schools", {"file": upload(GOOD)})
    assert response.status_code == 202
    body = response.json()
    assert response["Location"] == body["url"] == f"/api/v1/jobs/{body['id']}"
    assert (body["kind"], body["state"], body["percent"]) == ("import.schools", "queued", 0)
    assert client.get(response["Location"]).json()["state"] == "queued"
    job_run(job_id=body["id"])
    polled = client.get(response["Location"]).json()
    assert polled["state"] == "succeeded"
    assert polled["summary"] == {"created": 1, "updated": 0, "unchanged": 0}

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post("/api/v1/imports/schools", {"file": upload(BAD)})
    assert refused.status_code == 202
    failed = client.get(refused["Location"]).json()
    assert failed["state"] == "failed" and failed["error_count"] == 1
    assert failed["errors"][0] == {
        "line": 3,
        "column": "locality",
        "value": "",
        "message": "Write urban or rural.",
    }
    # The type and size are checked before a job is made, as on the page.
    picture = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
    not_csv = client.post("/api/v1/imports/schools", {"file": upload(picture)})
    assert not_csv.status_code == 400
    assert not_csv.json() == {"detail": "This file is not a CSV text file."}
    assert Job.objects.count() == 2


def test_bulk_enrolment_by_criteria_through_the_api(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    built = make_course()
    _token, raw = api_token_create(actor=people["coordinator"], name="script")
    client = Client(headers={"authorization": f"Bearer {raw}", "accept-language": "en"})
    url = f"/api/v1/courses/{built.course.pk}/enrolments/criteria"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"region": "KZ-19", "role": "teacher"}, content_type="application/json"
        )
    assert response.status_code == 202
    job = client.get(response["Location"]).json()
    assert job["state"] == "succeeded" and job["summary"]["enrolled"] == 1
    assert Enrollment.objects.get(course=built.course).user == people["teacher"]

    # By a file: one line enrolled, one named with why it was not.
    data = b"email\nprincipal@example.kz\nnobody@example.kz\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/courses/{built.course.pk}/enrolments/file",
            {"file": upload(data, "list.csv")},
        )
    assert response.status_code == 202
    job = client.get(response["Location"]).json()
    assert job["summary"]["enrolled"] == 1
    assert [(e["line"], e["value"]) for e in job["errors"]] == [(3, "nobody@example.kz")]
    # A teacher may not enrol others: refused before any job is made.
    _token, teacher = api_token_create(actor=people["teacher"], name="script")
    refused = Client(headers={"authorization": f"Bearer {teacher}"}).post(
        url, {"region": "KZ-19"}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert Job.objects.count() == 2


def test_a_teachers_import_job_fails_line_by_line_and_opens_no_account(
    people: dict[str, Any],
) -> None:
    school = people["school"]
    data = (
        "email;last_name;first_name;school_bin\n"
        f"new@example.kz;Әлиева;Гүлнар;{school.bin}\n"
        f"not-an-email;Сейітова;Айгерім;{school.bin}\n"
    ).encode()
    job = job_start(actor=people["principal"], kind=JobKind.TEACHERS_IMPORT, data=data)
    assert job_run(job_id=job.pk) == JobState.FAILED
    job.refresh_from_db()
    assert [(e["line"], e["column"]) for e in job.errors] == [(3, "email")]
    assert not User.objects.filter(email="new@example.kz").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_progress_inside_the_services_transaction_is_seen_before_it_commits(
    reference_data: None,
) -> None:
    from django.db import DEFAULT_DB_ALIAS, connections, transaction

    from ortaq.testing.factories import make_user

    person = make_user(email="importer@example.kz")
    registered = jobs.RUNNERS[JobKind.SCHOOLS_IMPORT]
    seen: list[tuple[str, str, int, int]] = []

    def writing(found: Job, data: Any, progress: Any) -> Outcome:
        with transaction.atomic():
            progress("writing", 10, 10)  # the last of a phase is always written
            # Another connection, as the job's page has: the progress is there before the commit.
            other = connections.create_connection(DEFAULT_DB_ALIAS)
            try:
                with other.cursor() as cursor:
                    cursor.execute(
                        "SELECT state, phase, done, total FROM core_job WHERE id = %s", [found.pk]
                    )
                    seen.append(cursor.fetchone())
            finally:
                other.close()
        return Outcome(summary={"created": 0, "updated": 0, "unchanged": 0})

    jobs.RUNNERS[JobKind.SCHOOLS_IMPORT] = jobs.Registered(run=writing)
    try:
        # Outside a transaction the job is queued and (tasks run at once in tests) run.
        job = job_start(actor=person, kind=JobKind.SCHOOLS_IMPORT, data=GOOD)
        job.refresh_from_db()
        assert job.state == JobState.SUCCEEDED
    finally:
        jobs.RUNNERS[JobKind.SCHOOLS_IMPORT] = registered
    assert seen == [("running", "writing", 10, 10)]
