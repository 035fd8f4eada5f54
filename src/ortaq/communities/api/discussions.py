"""API: discussions."""

from ninja import Router

router = Router(tags=["discussions"])
