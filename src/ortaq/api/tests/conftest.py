"""The demo, loaded once per module, for the tests that go through every endpoint."""

from ortaq.testing.demo import *  # noqa: F403
