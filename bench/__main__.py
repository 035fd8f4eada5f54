"""Run every benchmark on PostgreSQL and compare each figure with its budget.

    make bench                     # or: .venv/bin/python -m bench [--only imports]

Uses the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/ortaq_bench), which it drops and re-creates. Prints a table
and writes bench/results/latest.json; exits 1 if a budget is exceeded.
"""

import argparse
import json
import os
import sys
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ortaq_bench"


def prepare_database(url: str) -> None:
    """Drop and create the benchmark database, then point Django at it and migrate."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ORTAQ_SECRET_KEY", "benchmark-only-secret-key-" + "x" * 30)
    os.environ.setdefault("ORTAQ_ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("EMAIL_URL", "dummymail://")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ortaq.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", choices=["imports"], default=None)
    args = parser.parse_args()
    prepare_database(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))

    from bench import imports

    results = []
    if args.only in (None, "imports"):
        results += imports.run()

    width = max(len(r["name"]) for r in results)
    failed = False
    print()
    print(f"{'benchmark':<{width}}  {'measured':>12}  {'budget':>10}  result")
    for r in results:
        ok = r["value"] <= r["budget"]
        failed |= not ok
        print(
            f"{r['name']:<{width}}  {r['value']:>10.2f} {r['unit']:<2}"
            f"  {r['budget']:>8} {r['unit']:<2}  {'ok' if ok else 'OVER BUDGET'}"
        )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
