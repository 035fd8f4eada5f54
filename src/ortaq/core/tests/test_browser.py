"""The pages of a refused request (400, and 403 for a form whose CSRF token is gone), in
Chromium, with axe-core checking each."""

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_bad_request_page(page: Any, settings: Any) -> None:
    # More query fields than allowed is refused with 400 when the view reads them.
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    response = page.goto("/en/schools/?a=1&b=2&c=3")
    assert response.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == (
        "The request could not be understood"
    )


def test_a_form_sent_without_its_csrf_cookie_gets_the_csrf_page(page: Any) -> None:
    page.goto("/en/accounts/login/")
    page.context.clear_cookies()
    page.get_by_label("Email").fill("a@example.kz")
    page.get_by_label("Password").fill("not-a-password")
    page.get_by_role("button", name="Sign In").click()
    page.check()
    assert page.get_by_role("heading", level=1).inner_text() == "The form could not be sent"


def test_an_administrator_reads_and_filters_the_audit_log(page: Any, people: Any) -> None:
    from ortaq.accounts.models import RoleAssignment
    from ortaq.accounts.services import role_revoke
    from ortaq.core.roles import Role
    from ortaq.testing.browser import sign_in

    teacher = people["teacher"]
    role_revoke(
        actor=people["admin"],
        assignment=RoleAssignment.objects.get(user=teacher, role=Role.TEACHER),
    )
    sign_in(page, people["admin"])
    page.goto("/kk/me/")
    page.get_by_role("link", name="Аудит журналы").click()
    page.check()
    page.get_by_label("Не:", exact=True).select_option(label="Рөл алынды")
    page.get_by_role("button", name="Көрсету").click()
    page.check()
    row = page.get_by_role("row").nth(1)
    assert "Рөл алынды" in row.inner_text() and str(teacher) in row.inner_text()


def test_a_running_job_and_her_jobs_pass_axe(page: Any, people: Any) -> None:
    from ortaq.core.models import Job, JobKind, JobState
    from ortaq.testing.browser import sign_in

    job = Job.objects.create(
        started_by=people["coordinator"],
        kind=JobKind.TEACHERS_IMPORT,
        label="мұғалімдер.csv",
        digest="0" * 64,
        state=JobState.RUNNING,
        phase="checking",
        done=4000,
        total=10000,
    )
    sign_in(page, people["coordinator"])
    page.goto("/kk/me/")
    page.get_by_role("link", name="Менің фондық жұмыстарым").click()
    page.check()
    page.get_by_role("link", name="Мұғалімдерді импорттау").click()
    assert page.url.endswith(f"/kk/jobs/{job.pk}/")
    # Reloading itself is what axe refuses (meta-refresh); she may stop it, as axe is told to.
    page.get_by_role("link", name="Бұл бетті қайта жүктеуді тоқтату").click()
    page.check()
    assert page.get_by_role("progressbar").get_attribute("value") == "40"
    assert "4000" in page.get_by_role("status").inner_text()
