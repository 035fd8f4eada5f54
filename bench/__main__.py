"""Run every benchmark on PostgreSQL and compare each figure with its budget.

    make bench                     # or: .venv/bin/python -m bench [--only imports|page|…]
    make bench BENCH_ONLY=rq       # certificates and e-mails for 11,000 through two RQ workers
    make bench BENCH_ONLY=lessonstudy   # 500 observation notes in one API call
    make bench BENCH_ONLY=lessonstudy_pages   # a cycle's pages with 576 notes, its report's PDF
    make bench BENCH_ONLY=events   # 632 registrations for one event at once (bench.events)
    make bench BENCH_ONLY=event_certificates   # their certificates (bench.event_certificates)
    make bench BENCH_ONLY=library_search   # search over 100,000 library resources
    make bench BENCH_ONLY=textbook   # a lesson page, 300 pupils' answers at once, a unit pack

Uses the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/ortaq_bench), which it drops and re-creates, and Redis
database 3 (BENCH_REDIS_URL, emptied first; never the developer's REDIS_URL) for sessions and the
cache, and a temporary media folder. Needs wrk (apt-get install wrk) for the
throughput figure. Prints a table and writes bench/results/latest.json; exits 1 if a budget is
exceeded. ``--quick`` (or BENCH_QUICK=1) skips rendering 11,000 certificates (about 10 minutes).
``BENCH_NATIONAL=1`` enrols 300,000 teachers by criteria as a background job (``bench.jobs``)
instead of 20,000.

    BENCH_NATIONAL=1 make bench    # or: .venv/bin/python -m bench --only national

measures at national size instead (``bench.national``): 400,000 teachers, built once by
``ortaq manage generate_national`` into BENCH_NATIONAL_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/ortaq_national), which is kept between runs.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ortaq_bench"


def prepare_database(url: str) -> None:
    """Drop and create the benchmark database, then point Django at it and migrate."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    configure(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def configure(url: str) -> None:
    """Point Django at ``url`` with production's settings, Redis and a media folder of its own."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ORTAQ_SECRET_KEY", "benchmark-only-secret-key-" + "x" * 30)
    # Production settings, but over plain HTTP on loopback (no TLS to redirect to), and with
    # Django's test client ("testserver") measuring pages in process.
    os.environ.setdefault("ORTAQ_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("ORTAQ_SSL_REDIRECT", "false")
    os.environ.setdefault("EMAIL_URL", "dummymail://")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ortaq.config.settings")
    # Production's shape: sessions and the cache in Redis, in a database of its own that is
    # emptied first: so never the REDIS_URL a developer's own site may use.
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    os.environ["REDIS_URL"] = redis_url
    # Uploads, packs and certificates go to a folder of their own, not the developer's var/.
    os.environ["ORTAQ_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="ortaq-bench-media-")
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "--only",
        choices=[
            "imports",
            "courses",
            "page",
            "digests",
            "jobs",
            "rq",
            "national",
            "lessonstudy",
            "lessonstudy_pages",
            "journal",
            "events",
            "event_certificates",
            "library_search",
            "textbook",
        ],
        default=None,
    )
    parser.add_argument(
        "--quick", action="store_true", help="skip the slowest benchmark (11,000 certificate PDFs)"
    )
    args = parser.parse_args()
    results: list[dict[str, Any]] = []
    if args.only == "national" or os.environ.get("BENCH_NATIONAL") == "1":
        # The country is built once into a database of its own and kept (bench.national).
        from bench import national

        national.prepare(os.environ.get("BENCH_NATIONAL_DATABASE_URL", national.DEFAULT_URL))
        measured = national.run()
        if args.only == "national":
            return report(measured, "national.json")
        report(measured, "national.json")  # then the others, the jobs' at 300,000 teachers
    if args.only == "rq":
        # Tasks in Redis (the benchmark's own database), run by RQ workers: bench.rq.
        os.environ["ORTAQ_TASKS"] = "rq"
    prepare_database(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))

    from bench import (
        courses,
        digests,
        events,
        imports,
        jobs,
        journal,
        lessonstudy,
        lessonstudy_pages,
        rq,
    )

    if args.only in (None, "imports", "courses", "page", "rq"):
        # The course benchmarks use the schools and teachers that the imports created.
        results += imports.run()
    if args.only in (None, "courses"):
        results += courses.run(quick=args.quick or bool(os.environ.get("BENCH_QUICK")))
    if args.only == "page":
        results += courses.page_only()
    if args.only in (None, "events"):
        # 632 registrations for one event at once, behind ortaq serve (issue 13).
        results += events.run()
    if args.only in (None, "event_certificates"):
        # Certificates for the 632 attendees of one conference, drawn by two workers.
        from bench import event_certificates

        results += event_certificates.run()
    if args.only in (None, "digests"):
        results += digests.run()
    if args.only in (None, "lessonstudy"):
        results += lessonstudy.run()
    if args.only in (None, "lessonstudy_pages"):
        results += lessonstudy_pages.run()
    if args.only in (None, "journal"):
        results += journal.run()
    if args.only in (None, "library_search"):
        # 100,000 library resources searched in Kazakh and Russian word forms (issue 14).
        from bench import library_search

        results += library_search.run()
    if args.only in (None, "textbook"):
        # A textbook lesson's page, 300 pupils answering one class session, a unit's pack.
        from bench import textbook

        results += textbook.run()
    if args.only in (None, "jobs"):
        # Last: its teachers (20,000; 300,000 with BENCH_NATIONAL=1) would change the others.
        results += jobs.run()
    if args.only == "rq":
        results += rq.run()
    return report(results)


def report(results: list[dict[str, Any]], file_name: str = "latest.json") -> int:
    """Print the table, write it to bench/results/; 1 if a budget is exceeded."""
    width = max(len(r["name"]) for r in results)
    failed = False
    print()
    print(f"{'benchmark':<{width}}  {'measured':>12}  {'budget':>10}  result")
    for r in results:
        if r["budget"] is None:  # reported, not judged
            print(f"{r['name']:<{width}}  {r['value']:>10.2f} {r['unit']:<2}  {'—':>8}")
            continue
        ok = r["value"] >= r["budget"] if r.get("higher") else r["value"] <= r["budget"]
        failed |= not ok
        print(
            f"{r['name']:<{width}}  {r['value']:>10.2f} {r['unit']:<2}"
            f"  {r['budget']:>8} {r['unit']:<2}  {'ok' if ok else 'OVER BUDGET'}"
        )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / file_name).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
