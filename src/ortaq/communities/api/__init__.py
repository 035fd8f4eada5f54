"""The communities' API: one router per area, mounted under /api/v1/ by ``ortaq.api``."""

from ninja import Router

from ortaq.communities.api import circles, discussions, meetings, members, projects

router = Router()
router.add_router("/", circles.router)
router.add_router("/", members.router)
router.add_router("/", meetings.router)
router.add_router("/", discussions.router)
router.add_router("/", projects.router)
