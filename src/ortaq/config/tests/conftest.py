"""The demo, loaded once per module, for the tests that go through every route."""

from ortaq.testing.demo import *  # noqa: F403
