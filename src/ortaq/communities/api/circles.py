"""API: circles."""

from ninja import Router

router = Router(tags=["circles"])
