"""Every write a person can cause in circles, meetings, discussions and projects, one module
per area (``circles``, ``meetings``, ``discussions``, ``projects``); callers import from the
module (``from ortaq.communities.services.circles import circle_create``)."""
