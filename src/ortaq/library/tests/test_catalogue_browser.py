"""In Chromium, with axe-core checking every page: a reader browses the catalogue with its
filters and pages through the results (a plain GET form and links: no script needed), opens a
resource, its translation, an earlier version, the two versions side by side and an author's page; a
methodologist reads the library's report for her region, switches to one of its districts and
downloads the figures. In Kazakh in full, and once more in Russian and English."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ortaq.accounts.services import role_grant
from ortaq.core.roles import Role
from ortaq.library.choices import Kind
from ortaq.library.models import Resource
from ortaq.testing.browser import sign_in
from ortaq.testing.factories import make_school, make_user
from ortaq.testing.librarysearch import search_publish_next, search_resource, search_subject

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PER_PAGE = 20  # catalogue.PER_PAGE


def shelf() -> dict[str, Any]:
    """A school's twenty-two multi-grade plans in mathematics, the first with two versions,
    and the first one's translation into Russian; a methodologist of the school's region and
    of its district."""
    school = make_school(region__code="KZ-19")
    author = make_user(first_name="Айгүл", last_name="Сапарова", profile__school=school)
    maths = search_subject("mathematics")
    published = timezone.now() - timedelta(days=30)
    plans = [
        search_resource(
            title=f"Құрама сынып: бөлшектер, {n}-сабақ",
            summary="Біріктірілген сыныпқа арналған сабақ.",
            kind=Kind.MULTIGRADE_PLAN,
            subject=maths,
            grades=(3, 4),
            codes=("3.1.2.1",),
            school=school,
            authors=[author],
            submitted_at=published - timedelta(days=5),
            published_at=published,
            downloads=n,
        )
        for n in range(1, PER_PAGE + 3)
    ]
    search_publish_next(
        plans[0],
        title="Құрама сынып: бөлшектер, 1-сабақ (толықтырылған)",
        submitted_at=published + timedelta(days=2),
        published_at=published + timedelta(days=9),
    )
    # Its translation into Russian: the same work, in the same group.
    russian = search_resource(
        title="Комбинированный класс: дроби, урок 1", language="ru", subject=maths, school=school
    )
    Resource.objects.filter(pk=russian.pk).update(group=plans[0].group)
    methodologist = make_user(first_name="Мәдина", last_name="Әлиева")
    role_grant(actor=None, user=methodologist, role=Role.COORDINATOR, target=school.region)
    role_grant(actor=None, user=methodologist, role=Role.COORDINATOR, target=school.district)
    return {
        "school": school,
        "author": author,
        "plans": plans,
        "russian": russian,
        "methodologist": methodologist,
    }


def browse(page: Any, language: str, found: dict[str, Any]) -> None:
    lib = f"/{language}/library"
    page.goto(f"{lib}/")
    assert page.locator("main ul.cards > li").count() == PER_PAGE
    page.select_option("#id_kind", Kind.MULTIGRADE_PLAN)
    page.select_option("#id_subject", str(search_subject("mathematics").pk))
    page.select_option("#id_language", "kk")
    page.locator("main form[role=search] button[type=submit]").click()
    page.check()
    assert "kind=multigrade" in page.url
    assert page.locator("main ul.cards > li").count() == PER_PAGE
    page.locator("main nav.pagination a[rel=next]").click()
    page.check()
    assert page.locator("main ul.cards > li").count() == 2
    # The filters stay chosen on the next page, and lead back.
    assert page.locator("#id_kind").input_value() == Kind.MULTIGRADE_PLAN
    page.locator("main nav.pagination a[rel=prev]").click()
    page.check()

    # A word of the second version's title, in another form: one resource.
    page.goto(f"{lib}/?q=толықтырылғанның")
    first = found["plans"][0]
    assert page.locator("main ul.cards > li").count() == 1
    page.locator(f"main a[href='{lib}/r/{first.pk}/']").click()
    page.check()
    assert "толықтырылған" in page.locator("main h1").inner_text()
    page.locator(f"main a[href='{lib}/r/{found['russian'].pk}/'][hreflang=ru]").click()
    page.check()
    assert page.locator("main h1[lang=ru]").inner_text() == "Комбинированный класс: дроби, урок 1"
    page.locator(f"main a[href='{lib}/r/{first.pk}/'][hreflang=kk]").click()
    page.check()
    page.locator(f"main a[href='{lib}/r/{first.pk}/v/1/']").click()
    page.check()
    page.goto(f"{lib}/r/{first.pk}/")
    page.locator(f"main a[href='{lib}/r/{first.pk}/compare/']").click()
    page.check()
    assert page.locator("main table.diff").count() >= 1
    page.goto(f"{lib}/r/{first.pk}/")
    page.locator(f"main a[href='{lib}/people/{found['author'].pk}/']").first.click()
    page.check()
    assert page.locator(f"main a[href='{lib}/r/{first.pk}/']").count() >= 1


def report(page: Any, language: str, found: dict[str, Any]) -> None:
    lib = f"/{language}/library"
    school = found["school"]
    sign_in(page, found["methodologist"])
    page.goto(f"/{language}/me/")
    page.locator(f"main a[href='{lib}/report/']").click()
    page.check()
    assert page.locator("#id_place").input_value() == f"region:{school.region_id}"
    published = page.locator("main dl.facts dd").nth(1).inner_text()
    assert published == str(len(found["plans"]) + 1)
    page.select_option("#id_place", f"district:{school.district_id}")
    page.locator("main form.filters button[type=submit]").click()
    page.check()
    assert f"place=district%3A{school.district_id}" in page.url
    district = page.locator("#id_place option:checked").inner_text()
    assert district.strip() in page.locator("main p.muted").first.inner_text()
    assert page.locator("main dl.facts dd").nth(1).inner_text() == published
    with page.expect_download() as download:
        page.locator("main a[href*='format=csv']").click()
    assert download.value.suggested_filename.endswith(".csv")


def test_a_reader_browses_the_catalogue_and_a_methodologist_reads_the_report_in_kazakh(
    page: Any,
) -> None:
    found = shelf()
    browse(page, "kk", found)
    report(page, "kk", found)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_catalogue_and_the_report(page: Any, language: str) -> None:
    found = shelf()
    browse(page, language, found)
    report(page, language, found)
