"""The library report read from its running totals gives, figure by figure, what counting every
raw row gives: for the country, each region and each district, after every kind of change the
services make (writing, submitting, returning, review, publishing, republishing, withdrawing)
and after a resource moves place. Only the places a change touched are recounted."""

from dataclasses import asdict
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from ortaq.core.roles import Role, ScopeKind
from ortaq.library import reports, services
from ortaq.library.choices import Kind, Level, Status
from ortaq.library.models import LibraryTally, LibraryTallyChange, Resource
from ortaq.library.services.tallies import (
    library_tallies_pending,
    library_tallies_rebuild,
    library_tallies_refresh,
    library_tallies_touch_places,
)
from ortaq.schools.choices import Locality
from ortaq.schools.models import District, Region
from ortaq.testing.factories import make_school, make_user
from ortaq.testing.http import signed_in
from ortaq.testing.library_review import make_library_people, open_of, publish, write
from ortaq.testing.librarysearch import search_publish_next, search_resource, search_subject

pytestmark = pytest.mark.django_db

# What differs between two countings of the same figures: when they were counted.
WHEN = {"counted_at", "tallied_at", "waiting", "counted_on"}


def _figures(found: reports.LibraryReport) -> dict[str, Any]:
    figures = asdict(found)
    for name in WHEN:
        figures.pop(name)
    return figures


def _places() -> list[reports.Place]:
    """The country, every region and every district that has resources (or had, or is
    empty)."""
    places = [reports.Place(ScopeKind.COUNTRY, "Kazakhstan")]
    regions = set(Resource.objects.values_list("region_id", flat=True)) - {None}
    for region in Region.objects.filter(pk__in=regions).order_by("pk"):
        places.append(reports.Place(ScopeKind.REGION, region.name, region=region))
    districts = set(Resource.objects.values_list("district_id", flat=True)) - {None}
    districts |= set(LibraryTally.objects.values_list("district_id", flat=True)) - {None}
    for district in District.objects.filter(pk__in=districts).select_related("region"):
        places.append(
            reports.Place(
                ScopeKind.DISTRICT, district.name, region=district.region, district=district
            )
        )
    return places


def _assert_same() -> None:
    """Bring the totals up to date as the worker does, then compare every place's report with
    the count of its raw rows, figure by figure."""
    library_tallies_refresh()
    assert library_tallies_pending().changes == 0
    for place in _places():
        from_tallies = _figures(reports.report(place))
        from_rows = _figures(reports.report_from_rows(place))
        for name, value in from_rows.items():
            assert from_tallies[name] == value, f"{place.value}: {name}"


def _published(days: int, **fields: Any) -> Resource:
    now = timezone.now()
    return search_resource(
        submitted_at=now - timedelta(days=days, hours=3),
        published_at=now - timedelta(hours=1),
        **fields,
    )


def test_the_totals_give_the_raw_rows_figures_after_every_change() -> None:
    people = make_library_people()
    subject, other = people["subject"], people["other_subject"]
    almaty = people["school"].region
    # Resources directly, in other places: a city school outside any district, another
    # region's urban and small rural schools, several kinds, subjects, levels and statuses.
    city = make_school(region=almaty, district=None, locality=Locality.URBAN)
    east = Region.objects.get(code="KZ-63")
    urban = make_school(region=east, locality=Locality.URBAN)
    small = make_school(region=east, locality=Locality.RURAL, small_scale=True)
    history = search_subject("world-history")
    _published(3, title="Қала", school=city, downloads=5, level=Level.DISTRICT)
    plan = _published(7, title="Шығыс", school=urban, downloads=80, level=Level.REGION)
    _published(
        12, title="Шағын", school=small, kind=Kind.MULTIGRADE_PLAN, subject=history, downloads=3
    )
    search_resource(title="Жоба", school=small, status=Status.DRAFT, kind=Kind.UNIT_TASK)
    search_resource(title="Қарауда", school=urban, status=Status.IN_REVIEW)
    # A co-author from a school of another district writes with the lead author.
    coauthor = make_user(profile__school=small)
    search_resource(
        title="Бірлескен",
        school=urban,
        authors=[make_user(profile__school=urban), coauthor],
        downloads=12,
        level=Level.REPUBLIC,
    )
    _assert_same()

    # Through the services: written, published, a second version republished, one returned
    # for changes, one in review, one withdrawn, one left a draft.
    first = write(people["teacher"], subject, title="Бірінші")
    publish(people, first)
    services.version_start(actor=people["teacher"], resource=first)
    _assert_same()
    publish(people, first)
    returned = write(people["teacher"], other, kind=Kind.CRITERIA, title="Қайтарылған")
    services.changes_request(
        actor=people["moderator"],
        version=services.version_submit(actor=people["teacher"], version=open_of(returned)),
        comment="Лицензияны көрсетіңіз.",
    )
    reviewed = write(people["teacher"], subject, kind=Kind.ARTICLE, title="Қарауда")
    version = services.version_submit(actor=people["teacher"], version=open_of(reviewed))
    services.experts_assign(actor=people["moderator"], version=version, experts=[people["expert"]])
    withdrawn = write(people["teacher"], subject, title="Кері алынған")
    services.version_withdraw(actor=people["teacher"], version=open_of(withdrawn))
    write(people["coauthor"], subject, title="Жоба")
    _assert_same()

    # Republished directly (a third version), and the returned one resubmitted.
    now = timezone.now()
    search_publish_next(
        plan,
        title="Шығыс, 2-нұсқа",
        submitted_at=now - timedelta(days=4, hours=5),
        published_at=now - timedelta(minutes=30),
    )
    services.version_resubmit(actor=people["teacher"], version=open_of(returned))
    _assert_same()

    # A resource moves place (no service moves one: what one would do, touching both places).
    before = (plan.region_id, plan.district_id)
    assert plan.district is not None
    left = plan.district
    old_place = reports.Place(ScopeKind.DISTRICT, left.name, region=left.region, district=left)
    counted_before = reports.report(old_place).total.resources
    Resource.objects.filter(pk=plan.pk).update(region=city.region, district=None, school=city)
    library_tallies_touch_places([before, (city.region_id, None)])
    _assert_same()
    assert reports.report(old_place).total.resources == counted_before - 1
    # And one without any place at all.
    nowhere = search_resource(title="Орынсыз", school=city)
    Resource.objects.filter(pk=nowhere.pk).update(region=None, district=None, school=None)
    library_tallies_touch_places([(city.region_id, None), (None, None)])
    _assert_same()
    country = reports.report(reports.Place(ScopeKind.COUNTRY, "Kazakhstan"))
    assert "No place" in [line.label for line in country.rows]

    # Counting everything anew changes nothing.
    before_rebuild = _figures(reports.report(reports.Place(ScopeKind.COUNTRY, "Kazakhstan")))
    library_tallies_rebuild()
    assert _figures(reports.report(reports.Place(ScopeKind.COUNTRY, "Kazakhstan"))) == (
        before_rebuild
    )


@pytest.fixture
def no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing queued after a commit runs (the library's tests otherwise run it at once): the
    changes wait, as they do before the worker's refresh."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda callback, *a, **k: None)


def test_a_change_recounts_only_its_place(no_worker: None) -> None:
    school = make_school(region=Region.objects.get(code="KZ-19"))
    elsewhere = make_school(region=Region.objects.get(code="KZ-75"))
    search_resource(title="Бір", school=school)
    search_resource(title="Екі", school=elsewhere)
    library_tallies_refresh()
    untouched = set(LibraryTally.objects.filter(district=elsewhere.district).values_list("pk"))
    search_resource(title="Үш", school=school)
    assert library_tallies_refresh() == 1
    assert set(LibraryTally.objects.filter(district=elsewhere.district).values_list("pk")) == (
        untouched
    )


def _person(role: str, target: Any) -> Any:
    from ortaq.accounts.services import role_grant

    person = make_user()
    role_grant(actor=None, user=person, role=role, target=target)
    return person


def test_the_page_counts_a_small_backlog_and_then_keeps_its_figures_a_minute(
    no_worker: None,
) -> None:
    region = Region.objects.get(code="KZ-19")
    school = make_school(region=region)
    search_resource(title="Сабақ", school=school, downloads=4)
    with translation.override("kk"):
        from django.urls import reverse

        url = reverse("library:report") + f"?place=region:{region.pk}&format=csv"
    client = signed_in(_person(Role.COORDINATOR, region))

    def total() -> list[str]:
        response = client.get(url)
        text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        lines = [line.split(";") for line in text.splitlines()]
        # The total's row (the heading above it reads "Барлығы" too, then words).
        return next(line for line in lines if line[0] == "Барлығы" and line[1].isdigit())

    # No worker ran: the page counted the waiting change itself.
    assert total() == ["Барлығы", "1", "1"]
    assert not LibraryTallyChange.objects.exists()
    # Within the minute the figures counted are shown as counted, whoever asks.
    search_resource(title="Тағы", school=school)
    assert total() == ["Барлығы", "1", "1"]
    # A minute on, the next reader counts them again.
    key = f"ortaq:library-report:region:{region.pk}:kk"
    from django.core.cache import cache

    kept = cache.get(key)
    kept.counted_at -= timedelta(seconds=reports.REPORT_SECONDS + 1)
    cache.set(key, kept)
    assert total() == ["Барлығы", "2", "2"]


def test_a_long_backlog_is_left_to_the_worker_and_said(
    no_worker: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = Region.objects.get(code="KZ-19")
    for n in range(3):
        search_resource(title=f"Сабақ {n}", school=make_school(region=region))
    monkeypatch.setattr(reports, "BACKLOG_COUNTED_HERE", 2)
    client = signed_in(_person(Role.COORDINATOR, region))
    with translation.override("en"):
        from django.urls import reverse

        page = client.get(reverse("library:report"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "3 recent changes are still being added to them." in page.content.decode()
    assert LibraryTallyChange.objects.count() == 3
