"""The production settings with one more address, ``/bench/bare/``: a bare Django view, served by
the same ``ortaq serve`` through the same middleware, as the ceiling the course page is
measured against (``bench.page``)."""

from ortaq.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
