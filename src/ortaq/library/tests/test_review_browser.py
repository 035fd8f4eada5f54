"""In Chromium, with axe-core checking every page: a teacher writes a resource and submits
it; a moderator assigns an expert; the expert asks for changes; the teacher changes it and
resubmits; the expert approves and the resource's page shows it published, with its level of
approval, and search finds it. In Kazakh in full, and a shorter pass in Russian and English."""

from typing import Any

import pytest

from ortaq.library.choices import Status
from ortaq.library.models import Assignment, ChecklistItem, Resource, Version
from ortaq.testing.browser import sign_in
from ortaq.testing.library_review import load_library_data, make_library_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(transactional_db: Any, reference_data: None) -> dict[str, Any]:
    load_library_data()
    return make_library_people()


def write_and_submit(page: Any, language: str, people: dict[str, Any]) -> Resource:
    sign_in(page, people["teacher"])
    page.goto(f"/{language}/library/new/")
    page.check()
    page.select_option("#id_kind", "multigrade")
    page.select_option("#id_subject", str(people["subject"].pk))
    page.select_option("#id_language", "kk")
    page.fill("#id_title", "Бөлшектерді салыстыру: 3–4 сынып")
    page.fill("#id_summary", "Біріктірілген сынып-комплектке арналған сабақ.")
    page.fill("#id_body", "## Мақсат\n\nОқушылар бөлшектерді салыстырады.")
    page.locator("#id_grades_3").check()
    page.locator("#id_grades_4").check()
    page.fill("#id_codes", "3.1.2.1, 4.1.2.1")
    page.locator("main form button[type=submit]").first.click()
    page.check()
    resource = Resource.objects.get()
    assert page.url.endswith(f"/{language}/library/r/{resource.pk}/edit/")
    page.locator(f"main form[action='/{language}/library/r/{resource.pk}/submit/'] button").click()
    page.check()
    assert Version.objects.get().status == Status.SUBMITTED
    return resource


def assign(page: Any, language: str, people: dict[str, Any], version: Version) -> None:
    page.context.clear_cookies()
    sign_in(page, people["moderator"])
    page.goto(f"/{language}/library/moderation/")
    assert page.locator(f"main a[href='/{language}/library/moderation/{version.pk}/']").count() == 1
    page.goto(f"/{language}/me/")
    page.check()
    page.locator(f"main a[href='/{language}/library/moderation/{version.pk}/']").click()
    page.check()
    expert = people["expert"]
    page.locator(f"input[name=experts][value='{expert.pk}']").check()
    page.locator("main form:has(input[value=assign]) button[type=submit]").click()
    page.check()
    assert Version.objects.get().status == Status.IN_REVIEW


def review(page: Any, language: str, people: dict[str, Any], recommendation: str) -> None:
    page.context.clear_cookies()
    sign_in(page, people["expert"])
    assignment = Assignment.objects.get()
    page.goto(f"/{language}/library/reviews/")
    page.check()
    page.locator(f"main a[href='/{language}/library/reviews/{assignment.pk}/']").click()
    page.check()
    kind = assignment.version.resource.kind
    for item in ChecklistItem.objects.filter(kind=kind):
        page.locator(f"input[name=verdict_{item.pk}][value=meets]").check()
    page.locator(f"input[name=recommendation][value={recommendation}]").check()
    if recommendation == "changes":
        page.fill("#id_comment", "Бағалау дескрипторларын қосыңыз.")
    page.locator("main form button[type=submit]").last.click()
    page.check()


def test_submit_review_change_resubmit_and_publish_in_kazakh(
    page: Any, cast: dict[str, Any]
) -> None:
    language = "kk"
    resource = write_and_submit(page, language, cast)
    version = Version.objects.get()
    assign(page, language, cast, version)
    review(page, language, cast, "changes")
    assert Version.objects.get().status == Status.CHANGES

    page.context.clear_cookies()
    sign_in(page, cast["teacher"])
    page.goto(f"/{language}/me/")
    page.check()
    page.locator(f"main a[href='/{language}/library/r/{resource.pk}/edit/']").click()
    page.check()
    assert "Бағалау дескрипторларын қосыңыз." in page.content()
    page.fill("#id_body", "## Мақсат\n\nОқушылар бөлшектерді салыстырады.\n\n## Дескрипторлар")
    page.locator("main form:has(#id_title) button[type=submit]").click()
    page.check()
    page.locator(f"main form[action='/{language}/library/r/{resource.pk}/submit/'] button").click()
    page.check()
    assert Version.objects.get().status == Status.IN_REVIEW

    review(page, language, cast, "approve")
    assert Version.objects.get().status == Status.PUBLISHED
    page.context.clear_cookies()
    page.goto(f"/{language}/library/r/{resource.pk}/")
    page.check()
    assert "Бөлшектерді салыстыру: 3–4 сынып" in page.content()
    assert Version.objects.get().level == "region"
    assert page.locator("main a[rel=license]").inner_text() == "CC BY 4.0"
    # Search finds it by another form of its title's word ("бөлшектерді" → "бөлшектердің").
    page.goto(f"/{language}/library/?q=бөлшектердің")
    page.check()
    assert page.locator(f"main a[href='/{language}/library/r/{resource.pk}/']").count() >= 1


@pytest.mark.parametrize("language", ["ru", "en"])
def test_submit_and_publish(page: Any, cast: dict[str, Any], language: str) -> None:
    resource = write_and_submit(page, language, cast)
    assign(page, language, cast, Version.objects.get())
    review(page, language, cast, "approve")
    page.context.clear_cookies()
    page.goto(f"/{language}/library/r/{resource.pk}/")
    page.check()
    label = {"ru": "Область", "en": "Region"}[language]
    assert page.locator("main dl.facts strong").first.inner_text() == label
