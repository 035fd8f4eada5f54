"""At national size (``BENCH_NATIONAL=1``): 400,000 teachers, one course of 400,000 enrolments
and about 9 million completed activities, built once by ``ortaq manage generate_national`` into
a database of its own (``BENCH_NATIONAL_DATABASE_URL``, default ``ortaq_national``), which is
kept between runs (it takes up to 30 minutes to build; drop it to build it again), and
vacuumed before measuring, as autovacuum keeps a live database.

Measured in process with Django's test client, median of repeated requests:
- the national and a regional course report: uncached (the cached copy deleted before each
  request; budget 300 ms) and warm (budget 50 ms);
- the CSV export of the national report, uncached, to its first byte (budget 1 s);
- the list pages (people for an administrator and a regional methodologist, first and a late
  page, and searched by a common surname early and late in the alphabet; schools; catalogue;
  circles; a course's completions, and its completions and progress searched by surname;
  budget 100 ms each);
- the circles report of the country, a region and a district (read from the running totals);
- a teacher's course page while two other processes recount reports without a break (budget
  20 ms median).
"""

import os
import statistics
import subprocess
import sys
import time
from typing import Any

from django.test import Client
from django.utils import translation

BUDGETS = {
    "report_cold_ms": 300.0,
    "report_warm_ms": 50.0,
    "csv_first_byte_ms": 1000.0,
    "list_ms": 100.0,
    "page_busy_ms": 20.0,
}
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ortaq_national"
TEACHERS = int(os.environ.get("BENCH_NATIONAL_TEACHERS", "400000"))


def result(name: str, value: float, unit: str, budget: float | None) -> dict[str, Any]:
    print(f"{name}: {value:.1f} {unit}", flush=True)
    return {"name": name, "value": value, "unit": unit, "budget": budget, "higher": False}


def prepare(url: str) -> None:
    """Point Django at the national database; build the country if it holds none."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    from bench.__main__ import configure

    configure(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from ortaq.accounts.models import User
    from ortaq.demo.national import DOMAIN, generate_national

    if not User.objects.filter(email=f"national@{DOMAIN}").exists():
        started = time.perf_counter()
        generate_national(teachers=TEACHERS)
        print(f"country generated in {(time.perf_counter() - started) / 60:.1f} min")
    # As autovacuum keeps a live database (a bulk load is not vacuumed yet, and a developer's
    # cluster may run without autovacuum): index-only scans need the visibility map it sets.
    # Seconds the first time, then next to nothing.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def timed(action: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def client_for(email: str) -> Client:
    from ortaq.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def get_ok(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def reports(course: Any) -> list[dict[str, Any]]:
    from django.core.cache import cache

    from ortaq.accounts.models import User
    from ortaq.courses.queries import report_scope
    from ortaq.courses.queries.reports import report_key
    from ortaq.demo.national import DOMAIN

    out = []
    url = f"/kk/courses/{course.pk}/report/"
    narrowing = {
        "whole_group": True, "cohort": None, "region": None, "district": None, "school": None
    }  # fmt: skip
    for who, label in (("national", "national"), ("regional-kz-19", "regional (KZ-19)")):
        email = f"{who}@{DOMAIN}"
        client = client_for(email)
        User.objects.filter(email=email).update(language="kk")
        scope = report_scope(viewer=User.objects.get(email=email), course=course)
        with translation.override("kk"):
            key = report_key(course, scope, narrowing)  # type: ignore[arg-type]
        get_ok(client, url)

        def cold(client: Client = client, key: str = key) -> None:
            cache.delete(key)
            get_ok(client, url)

        out.append(result(f"{label} course report, uncached", timed(cold, 15), "ms",
                          BUDGETS["report_cold_ms"]))  # fmt: skip
        get_ok(client, url)
        out.append(result(f"{label} course report, warm",
                          timed(lambda c=client: get_ok(c, url), 30), "ms",
                          BUDGETS["report_warm_ms"]))  # fmt: skip
        if who == "national":

            def first_byte(client: Client = client, key: str = key) -> None:
                cache.delete(key)
                response = get_ok(client, url + "?format=csv")
                assert next(iter(response.streaming_content))

            out.append(result("national report CSV, uncached, first byte", timed(first_byte, 10),
                              "ms", BUDGETS["csv_first_byte_ms"]))  # fmt: skip
    return out


def lists(course: Any) -> list[dict[str, Any]]:
    import re
    from html import unescape

    from ortaq.communities.models import Circle, Membership
    from ortaq.demo.national import DOMAIN
    from ortaq.schools.models import District, Region

    admin = client_for(f"admin@{DOMAIN}")
    regional = client_for(f"regional-kz-19@{DOMAIN}")
    member = Membership.objects.filter(status="active").order_by("pk").first()
    assert member is not None
    teacher = Client()
    teacher.force_login(member.user)
    # A late page of the people list: follow the "next" links a hundred pages on.
    late = "/kk/people/"
    for _ in range(100):
        html = get_ok(admin, late).content.decode()
        found = re.search(r'<a href="([^"]+)" rel="next">', html)
        assert found is not None
        late = "/kk/people/" + unescape(found.group(1))
    region = Region.objects.get(code="KZ-19")
    district = District.objects.filter(pk__in=Circle.objects.values("district_id")).first()
    assert district is not None
    pages = [
        ("people, administrator, first page", admin, "/kk/people/"),
        ("people, administrator, 101st page", admin, late),
        # Searches by a surname one teacher in twenty bears, early and late in the order of
        # names (a search that walked the name index would pass everyone before it).
        ("people, administrator, search by surname", admin, "/kk/people/?q=Ахметова"),
        ("people, administrator, search by a surname late in the alphabet", admin,
         "/kk/people/?q=Тұрсынова"),
        ("people, regional methodologist", regional, "/kk/people/"),
        ("people, regional methodologist, search by surname", regional,
         "/kk/people/?q=Тұрсынова"),
        ("schools directory, first page", admin, "/kk/schools/"),
        ("schools directory, page 200", admin, "/kk/schools/?page=200"),
        ("schools directory, a region", admin, f"/kk/schools/?region={region.pk}"),
        ("catalogue", teacher, "/kk/courses/"),
        ("circles, a teacher", teacher, "/kk/circles/"),
        ("circles, administrator", admin, "/kk/circles/"),
        ("course completions (100,000), first page", admin,
         f"/kk/courses/{course.pk}/completions/"),
        ("course completions, search by surname", admin,
         f"/kk/courses/{course.pk}/completions/?q=Тұрсынова"),
        ("course progress (400,000), search by surname", admin,
         f"/kk/courses/{course.pk}/progress/?q=Тұрсынова"),
        ("circles report, country (running totals)", admin, "/kk/circles/report/"),
        ("circles report, a region", admin, f"/kk/circles/report/?region={region.pk}"),
        ("circles report, a district", admin,
         f"/kk/circles/report/?region={district.region_id}&district={district.pk}"),
    ]  # fmt: skip
    out = []
    for name, client, url in pages:
        get_ok(client, url)
        out.append(result(name, timed(lambda c=client, u=url: get_ok(c, u), 15), "ms",
                          BUDGETS["list_ms"]))  # fmt: skip
    return out


RECOUNT = """
import django, os, time
django.setup()
from ortaq.accounts.models import User
from ortaq.courses.models import Course
from ortaq.courses.queries import report_scope
from ortaq.courses.queries.reports import report_for
course = Course.objects.get(pk=int(os.environ["BENCH_COURSE"]))
viewers = [User.objects.get(email=e) for e in os.environ["BENCH_VIEWERS"].split(",")]
scopes = [report_scope(viewer=v, course=course) for v in viewers]
deadline = time.monotonic() + float(os.environ["BENCH_SECONDS"])
n = 0
while time.monotonic() < deadline:
    for scope in scopes:
        report_for(course=course, scope=scope)
        n += 1
print(n)
"""


def course_page_while_recounting(course: Any) -> list[dict[str, Any]]:
    """A teacher's course page, while two processes recount the national and a regional
    report without a break (as five methodologists opening uncached reports would)."""
    from ortaq.courses.models import Enrollment
    from ortaq.demo.national import DOMAIN

    enrollment = Enrollment.objects.filter(course=course, started_at__isnull=False).first()
    assert enrollment is not None
    client = Client()
    client.force_login(enrollment.user)
    url = f"/kk/courses/{course.pk}/"
    quiet = timed(lambda: get_ok(client, url), 40)
    env = {
        **os.environ,
        "BENCH_COURSE": str(course.pk),
        "BENCH_VIEWERS": f"national@{DOMAIN},regional-kz-19@{DOMAIN}",
        "BENCH_SECONDS": "25",
    }
    workers = [
        subprocess.Popen([sys.executable, "-c", RECOUNT], env=env, stdout=subprocess.PIPE)
        for _ in range(2)
    ]
    time.sleep(3)  # let them start counting
    busy = timed(lambda: get_ok(client, url), 60)
    recounted = sum(int(w.communicate()[0] or 0) for w in workers)
    print(f"course page: {quiet:.1f} ms quiet, {busy:.1f} ms while {recounted} reports recounted")
    return [
        result("course page (40 activities), quiet, median", quiet, "ms", None),
        result(f"  while 2 processes recount reports ({recounted} in 25 s)", busy, "ms",
               BUDGETS["page_busy_ms"]),
    ]  # fmt: skip


def run() -> list[dict[str, Any]]:
    from ortaq.courses.models import Course

    course = Course.objects.get(title__contains="ұлттық курс")
    print(f"national course: {course.enrollments.count():,} enrolments")
    return [*reports(course), *lists(course), *course_page_while_recounting(course)]
