from django.urls import URLPattern, path

from ortaq.lessonstudy.views import cycles, observation, reports

app_name = "lessonstudy"
LESSON = "cycles/<int:cycle_id>/lessons/<int:lesson_number>/"
urlpatterns: list[URLPattern] = [
    path("report/", reports.report, name="report"),
    # The group and its cycles' steps (views.cycles).
    path("associations/<slug:slug>/groups/new/", cycles.group_create, name="group_create"),
    path("groups/<int:group_id>/", cycles.group, name="group"),
    path("groups/<int:group_id>/expert/", cycles.group_expert, name="group_expert"),
    path("groups/<int:group_id>/cycles/new/", cycles.cycle_create, name="cycle_create"),
    path("cycles/<int:cycle_id>/", cycles.cycle, name="cycle"),
    path("cycles/<int:cycle_id>/focus/", cycles.focus, name="focus"),
    path("cycles/<int:cycle_id>/pupils/", cycles.pupils, name="pupils"),
    path("cycles/<int:cycle_id>/lessons/new/", cycles.lesson_create, name="lesson_create"),
    path(LESSON, cycles.lesson, name="lesson"),
    path(f"{LESSON}plan/", cycles.plan, name="plan"),
    path(f"{LESSON}compare/", cycles.compare, name="compare"),
    path(f"{LESSON}interviews/", cycles.interviews, name="interviews"),
    path(f"{LESSON}interviews/<int:interview_id>/", cycles.interview_edit, name="interview_edit"),
    path(
        f"{LESSON}interviews/<int:interview_id>/delete/",
        cycles.interview_delete,
        name="interview_delete",
    ),
    path(f"{LESSON}discussion/", cycles.discussion, name="discussion"),
    path(f"{LESSON}comments/", cycles.expert_comments, name="expert_comments"),
    path("cycles/<int:cycle_id>/report/", cycles.report_edit, name="report_edit"),
    path("reports/<int:report_id>/", cycles.report, name="cycle_report"),
    path("reports/<int:report_id>/journal/", cycles.report_submit, name="report_submit"),
    path("reports/<int:report_id>/pdf/", cycles.report_pdf, name="cycle_report_pdf"),
    # The observer's page during a research lesson (views.observation).
    path(f"{LESSON}observe/", observation.observe, name="observe"),
]
