"""Schemathesis against the API: for every operation of the OpenAPI schema, generated requests
(valid ones and ones past its constraints) sent to the WSGI application with the token of the
demo's administrator, over the demo's data. No answer may be a server error, and each must be
documented: its status, its content type, its body's schema and its headers; an operation that
needs a caller must refuse one without credentials.

Bounded in time: five generated examples per operation, and of the coverage phase (the edges of
each parameter's schema) the invalid cases only, the valid ones being the fuzzing's; about a
minute on a quiet 2-core machine, two on a busy one. That is too long to run twice, so it runs
on PostgreSQL only (CI's second run), where the offset overflowed. The seed is fixed, so that a
failure shows again on the next run (change ``SEED`` to explore other inputs).
"""

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig

from ortaq.config.wsgi import application

pytestmark = pytest.mark.postgres

SEED = 20261207
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": 5, "database": "none"},
        # Wrong methods answer 405 before any endpoint (test_errors): not sent to every path.
        "phases": {"coverage": {"unexpected-methods": [], "generation": {"mode": "negative"}}},
        "checks": {
            "enabled": False,
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "content_type_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
            "response_headers_conformance": {"enabled": True},
            "ignored_auth": {"enabled": True},
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


@schema.parametrize()
# An operation's examples share its test's savepoint over the module's demo, on purpose.
@hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_the_api_keeps_its_schema(case: Any, demo: str, db: Any, settings: Any) -> None:
    settings.ORTAQ_API_RATE_USER = settings.ORTAQ_API_RATE_ANON = ""  # hundreds of requests
    # Schemathesis reads bodies as sent: ask for them uncompressed (browsers get gzip).
    case.call_and_validate(
        headers={"Authorization": f"Bearer {demo}", "Accept-Encoding": "identity"}
    )
