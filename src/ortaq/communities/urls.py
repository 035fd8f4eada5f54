from ortaq.communities.views import circles, discussions, meetings, projects, reports

app_name = "communities"
urlpatterns = [
    *circles.urlpatterns,
    *meetings.urlpatterns,
    *discussions.urlpatterns,
    *projects.urlpatterns,
    *reports.urlpatterns,
]
