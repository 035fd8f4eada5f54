"""In Chromium, with axe-core checking every page, once in each language: an author writes a
task of her summative draft (adding rows without script) until the checklist says it adds up;
a teacher opens a mark sheet from a published task's page, enters a wrong cell, puts it right,
reads the marks and finds them again from her own page; an administrator reads the rules for
marks."""

from typing import Any

import pytest

from ortaq.accounts.services import role_grant
from ortaq.core.roles import Role
from ortaq.library.choices import Status
from ortaq.library.models import MarkEntry, Task
from ortaq.testing.browser import sign_in
from ortaq.testing.factories import make_school, make_user
from ortaq.testing.summative import summative_complete, summative_resource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_summative_task_from_its_tasks_to_a_classs_marks(page: Any, language: str) -> None:
    author = make_user(language=language, profile__school=make_school())
    draft = summative_resource(author, total=3, duration=40)
    base = f"/{language}/library/r/{draft.resource_id}/v/1"

    sign_in(page, author)
    page.goto(f"{base}/tasks/")
    page.check()
    page.locator(f"main a[href='{base}/tasks/new/']").click()
    page.check()
    page.fill("[name=text]", "Салыстырыңыз: 12 және 21.")
    page.fill("[name=points]", "3")
    page.fill("[name=objectives]", "5.1.2.1")
    page.fill("[name=form-0-objective]", "5.1.2.1")
    page.fill("[name=form-0-criterion]", "Сандарды салыстырады")
    page.fill("[name=form-0-descriptor]", "Белгіні дұрыс қояды")
    page.fill("[name=form-0-points]", "1")
    page.fill("[name=form-1-descriptor]", "Түсіндіреді")
    page.fill("[name=form-1-points]", "1")
    page.fill("[name=form-2-descriptor]", "Мысал келтіреді")
    page.fill("[name=form-2-points]", "1")
    page.click("button[name=more]")  # three more rows, nothing lost
    page.check()
    assert page.input_value("[name=form-2-descriptor]") == "Мысал келтіреді"
    assert page.locator("[name=form-5-descriptor]").count() == 1
    page.click("button[name=save]")
    page.check()
    assert page.locator("main .msg-success").count() == 1  # everything adds up
    assert Task.objects.filter(version=draft).count() == 1

    published = summative_complete(author, status=Status.PUBLISHED)
    teacher = make_user(language=language)
    sign_in(page, teacher)
    page.goto(f"/{language}/library/r/{published.resource_id}/")
    new_sheet = f"/{language}/library/r/{published.resource_id}/v/1/mark-sheets/new/"
    page.locator(f"main a[href='{new_sheet}']").click()
    page.check()
    page.fill("[name=label]", "5 А")
    page.fill("[name=pupils]", "2")
    page.locator("main form button[type=submit]").click()
    page.check()
    page.fill("[name=p-1-1]", "4")
    page.fill("[name=p-1-2]", "9")
    page.locator("main form button[type=submit]").first.click()
    page.check()
    assert page.locator("[aria-invalid=true]").count() == 1
    assert page.input_value("[name=p-1-2]") == "9"
    assert not MarkEntry.objects.exists()
    page.fill("[name=p-1-2]", "6")
    page.locator("main form button[type=submit]").first.click()
    page.check()
    assert "100" in page.locator("tbody tr").first.inner_text()
    # Later she finds the class's marks from her own page.
    page.goto(f"/{language}/me/")
    page.locator(f"main a[href='/{language}/library/mark-sheets/']").click()
    page.check()
    page.get_by_role("link", name="5 А").click()
    page.check()
    assert "100" in page.locator("tbody tr").first.inner_text()

    admin = make_user(language=language)
    role_grant(actor=None, user=admin, role=Role.ADMIN)
    sign_in(page, admin)
    page.goto(f"/{language}/library/mark-rules/")
    page.check()
