"""The courses' API: one router per area, mounted under /api/v1/ by ``ortaq.api``."""

from ninja import Router

from ortaq.courses.api import (
    catalogue,
    cohorts,
    discussions,
    enrolment,
    learning,
    progress,
    reports,
)

router = Router()
router.add_router("/", catalogue.router)
router.add_router("/", learning.router)
router.add_router("/", discussions.router)
router.add_router("/", reports.router)
router.add_router("/", cohorts.router)
router.add_router("/", enrolment.router)
router.add_router("/", progress.router)
