"""Pages of circles, meetings, discussions, projects, the showcase and the reports: one module
per area, each with its own ``urlpatterns`` that ``communities.urls`` gathers."""
