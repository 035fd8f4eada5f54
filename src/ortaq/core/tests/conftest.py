"""Fixtures of the core app's tests: the engines for more than one machine."""

from ortaq.testing.engines import moto_endpoint, moto_s3, replica, rq_tasks

__all__ = ["moto_endpoint", "moto_s3", "replica", "rq_tasks"]
